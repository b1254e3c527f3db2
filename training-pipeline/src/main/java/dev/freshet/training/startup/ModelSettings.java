package dev.freshet.training.startup;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.training.config.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A configured model's settings: its hyper-parameters over its algorithm's defaults, and the input encoding its
 * feature set declares with the crosses the model is configured to learn.
 */
public final class ModelSettings {

    public static final String DECLARED = "declared";
    public static final String NONE = "none";

    private ModelSettings() {}

    /**
     * @param key the model's key under {@code freshet.training.models}, named in errors
     * @throws IllegalArgumentException naming the configuration key or feature that is wrong
     */
    public static LearnerSettings of(String key, TrainingConfig.ModelSpec spec, FeatureSet featureSet) {
        String prefix = "freshet.training.models." + key + ".";
        LearnerSettings settings = switch (spec.algorithm()) {
            case LearnerSettings.LINEAR -> LearnerSettings.linear();
            case LearnerSettings.MLP -> LearnerSettings.mlp();
            default -> throw new IllegalArgumentException(prefix + "algorithm is '" + spec.algorithm()
                    + "': use linear or mlp");
        };
        if (spec.hiddenSizes().isPresent()) {
            settings = settings.withHiddenSizes(spec.hiddenSizes().get().stream().mapToInt(Integer::intValue).toArray());
        }
        double rate = spec.learningRate().orElse(settings.learningRate());
        OptimizerKind optimizer = spec.optimizer().map(OptimizerKind::parse).orElse(settings.optimizer());
        settings = settings.withOptimizer(optimizer, rate);
        if (spec.l2().isPresent()) {
            settings = settings.withL2(spec.l2().getAsDouble());
        }
        if (spec.seed().isPresent()) {
            settings = settings.withSeed(spec.seed().getAsLong());
        }
        try {
            settings = settings.withReplay(new LearnerSettings.Replay(spec.replayWindow(), spec.replayPerExample()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "replay-window / replay-per-example: " + e.getMessage(), e);
        }
        String crosses = spec.crosses().orElse(LearnerSettings.LINEAR.equals(settings.algorithm()) ? DECLARED : NONE);
        InputEncoding encoding = encoding(featureSet, crosses, prefix + "crosses");
        return switch (spec.encodings().trim()) {
            case DECLARED -> settings.withEncoding(encoding);
            case NONE -> settings; // checked all the same: a mistake in the declarations is still named
            default -> throw new IllegalArgumentException(prefix + "encodings is '" + spec.encodings()
                    + "': use declared or none");
        };
    }

    /** The feature set's encodings and groups over the features models predict from, with the chosen crosses. */
    public static InputEncoding encoding(FeatureSet featureSet, String crosses, String crossesKey) {
        List<String> features = featureSet.predictionFeatures();
        Map<String, FeatureEncoding> encodings = new LinkedHashMap<>();
        for (FeatureSpec spec : featureSet.features()) {
            if (spec.knownAtPrediction()) {
                try {
                    encodings.put(spec.name(), FeatureEncoding.parse(spec.name(), spec.encoding()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("feature set " + featureSet.name() + " v" + featureSet.version()
                            + ": " + e.getMessage(), e);
                }
            }
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        featureSet.groups().forEach((name, members) -> {
            List<String> usable = members.stream().filter(features::contains).toList();
            if (!usable.isEmpty()) {
                groups.put(name, usable);
            }
        });
        InputEncoding declared;
        try {
            declared = new InputEncoding(encodings, groups, List.of()).requireKnown(features);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feature set " + featureSet.name() + " v" + featureSet.version() + ": "
                    + e.getMessage(), e);
        }
        List<List<String>> chosen = new ArrayList<>();
        String text = crosses.trim();
        try {
            if (text.equals(DECLARED)) {
                for (String cross : featureSet.crosses()) {
                    chosen.add(InputEncoding.parseCross(cross));
                }
            } else if (!text.equals(NONE) && !text.isEmpty()) {
                for (String cross : text.split(",")) {
                    chosen.add(InputEncoding.parseCross(cross));
                }
            }
            return declared.withCrosses(chosen).requireKnown(features);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(crossesKey + " (" + crosses + "): " + e.getMessage(), e);
        }
    }

    /**
     * Why version {@code version} of {@code name}, trained with {@code trained}, cannot be continued with the settings
     * configured now; null when it can. A changed encoding (a feature set whose encodings changed, other crosses)
     * is a new lineage: the version's weights belong to its inputs.
     */
    public static String lineageRefusal(String name, long version, LearnerSettings trained, LearnerSettings configured,
                                 FeatureSet featureSet) {
        String change = encodingChange(trained.encoding(), configured.encoding());
        if (change.isEmpty()) {
            return null;
        }
        return "Refusing to start: version " + version + " of " + name + " encodes its features otherwise than "
                + "feature set " + featureSet.name() + " v" + featureSet.version() + " and the model's configuration "
                + "now say (" + change + "). A changed encoding starts a new lineage: give the model a new key "
                + "(freshet.training.models.<key>), or configure the crosses it was trained with. Nothing was changed.";
    }

    /**
     * What differs between the encoding a version was trained with and the one configured now, e.g.
     * {@code hour: numeric -> categorical(0,...,23)}; empty when they are the same. What a cross multiplies
     * ({@link InputEncoding#CROSS_SCALE}) is the model's own arithmetic, not its inputs: a version keeps its own.
     */
    public static String encodingChange(InputEncoding trained, InputEncoding configured) {
        Map<String, String> before = trained.asMap();
        Map<String, String> after = configured.asMap();
        List<String> changes = new ArrayList<>();
        for (String key : new TreeSet<>(union(before, after))) {
            if (key.equals(InputEncoding.CROSS_SCALE)) {
                continue;
            }
            String absent = key.startsWith("group.") || key.startsWith("cross.") ? "(none)" : "numeric";
            String was = before.getOrDefault(key, absent);
            String now = after.getOrDefault(key, absent);
            if (!was.equals(now)) {
                changes.add(key + ": " + was + " -> " + now);
            }
        }
        return String.join("; ", changes);
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}

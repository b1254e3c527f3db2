package dev.freshet.pipeline.bench;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.drift.DriftReaction;
import dev.freshet.learn.drift.ReactiveLearner;
import dev.freshet.learn.eval.PrequentialMetrics;
import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.pipeline.source.drone.DroneSimulator;
import dev.freshet.pipeline.source.drone.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Experiment: accuracy per simulated day on the drone stream, tested at event time (an hour's examples with the
 * learner as it was before their labels came, all of them at the hour's end), for learner variants.
 */
public final class DroneQuality {

    public static void main(String[] args) {
        int shops = Integer.getInteger("shops", 600);
        int before = Integer.getInteger("before", 7);
        int after = Integer.getInteger("after", 7);
        long seed = Long.getLong("seed", 42);
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        Instant driftAt = start.plus(Duration.ofDays(before));
        String only = System.getProperty("only", "");
        for (Map.Entry<String, LearnerSettings> variant : variants().entrySet()) {
            if (!only.isEmpty() && !variant.getKey().matches(only)) {
                continue;
            }
            run(variant.getKey(), variant.getValue(), new DroneSimulator(seed, shops, driftAt), start, before + after);
        }
    }

    static Map<String, LearnerSettings> variants() {
        List<String> types = List.of("type_fast_food", "type_cafe", "type_restaurant");
        InputEncoding categorical = new InputEncoding(Map.of(
                "hour", FeatureEncoding.categorical("hour", 0, 23),
                "weekday", FeatureEncoding.categorical("weekday", 1, 7)), Map.of("shop_type", types), List.of());
        InputEncoding typeHour = categorical.withCrosses(List.of(List.of("shop_type", "hour")));
        InputEncoding typeHourWeekday = categorical.withCrosses(List.of(List.of("shop_type", "hour"),
                List.of("shop_type", "weekday")));
        double lr = Double.parseDouble(System.getProperty("lr", "0.005"));
        int window = Integer.getInteger("window", 0);
        int per = Integer.getInteger("per", 1);
        LearnerSettings.Replay replay = new LearnerSettings.Replay(window, per);
        OptimizerKind linearOptimizer = OptimizerKind.parse(System.getProperty("linopt", "sgd"));
        Map<String, LearnerSettings> v = new LinkedHashMap<>();
        v.put("linear-plain", LearnerSettings.linear().withReplay(replay));
        v.put("mlp-plain", LearnerSettings.mlp().withReplay(replay));
        v.put("linear-cat", LearnerSettings.linear().withOptimizer(linearOptimizer, lr).withEncoding(categorical).withReplay(replay));
        v.put("linear-typehour", LearnerSettings.linear().withOptimizer(linearOptimizer, lr).withEncoding(typeHour).withReplay(replay));
        v.put("linear-typehour-raw", LearnerSettings.linear().withOptimizer(linearOptimizer, lr).withEncoding(
                new InputEncoding(typeHour.encodings(), typeHour.groups(), typeHour.crosses(),
                        InputEncoding.CrossScale.RAW)).withReplay(replay));
        v.put("linear-typehourweekday", LearnerSettings.linear().withOptimizer(linearOptimizer, lr).withEncoding(typeHourWeekday).withReplay(replay));
        v.put("mlp-cat", LearnerSettings.mlp().withEncoding(categorical).withReplay(replay));
        v.put("mlp-typehour", LearnerSettings.mlp().withEncoding(typeHour).withReplay(replay));
        return v;
    }

    static void run(String name, LearnerSettings settings, DroneSimulator simulator, Instant start, int days) {
        DriftPolicy defaults = DriftPolicy.defaults();
        DriftPolicy policy = new DriftPolicy(defaults.minChange(), defaults.warmUp(),
                DriftReaction.parse(System.getProperty("reaction", "challenger")),
                DriftReaction.Start.parse(System.getProperty("start", "warm")),
                Long.getLong("hold", defaults.hold()), Integer.getInteger("maxAge", defaults.maxChallengerAge()));
        ReactiveLearner learner = new ReactiveLearner(OnlineLearners.create(settings), new PrequentialMetrics(8_400, 0),
                policy, 0, Long.MAX_VALUE);
        String[] names = DroneSimulator.FEATURE_SET.predictionFeatures().toArray(String[]::new);
        long[] right = new long[days];
        long[] seen = new long[days];
        List<String> signals = new ArrayList<>();
        List<String> reactions = new ArrayList<>();
        long t0 = System.nanoTime();
        long learned = 0;
        for (int h = 0; h < days * 24; h++) {
            Instant hour = start.plus(Duration.ofHours(h));
            List<Observation> observations = simulator.hour(hour);
            if (observations.isEmpty()) {
                continue;
            }
            int day = h / 24;
            for (Observation o : observations) {
                double[] values = new double[names.length];
                for (int i = 0; i < names.length; i++) {
                    values[i] = o.example().features().get(names[i]);
                }
                LabelledExample example = new LabelledExample(new FeatureVector(names, values), o.example().label());
                ReactiveLearner.Outcome outcome = learner.learn(example, o.example().eventTime().toEpochMilli(),
                        o.example().labelTime().toEpochMilli(), null);
                seen[day]++;
                right[day] += outcome.right() ? 1 : 0;
                learned++;
                if (outcome.drift() != null) {
                    signals.add(String.format(Locale.ROOT, "d%d h%02d %s", day + 1, h % 24, outcome.drift().change()));
                }
                for (ReactiveLearner.Reaction r : learner.takeReactions()) {
                    reactions.add(String.format(Locale.ROOT, "d%d h%02d %s", day + 1, h % 24, r.kind()));
                }
            }
            learner.batchEnded();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-24s", name));
        for (int d = 0; d < days; d++) {
            line.append(String.format(Locale.ROOT, " %5.1f", 100.0 * right[d] / Math.max(1, seen[d])));
        }
        line.append(String.format(Locale.ROOT, " | %.0f ex/s | signals %d %s | %s", learned / seconds, signals.size(),
                signals.size() > 6 ? signals.subList(0, 6) + "..." : signals,
                reactions.size() > 6 ? reactions.subList(0, 6) + "..." : reactions));
        System.out.println(line);
    }
}

package dev.freshet.training.startup;

import dev.freshet.contract.FeatureSet;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.HistoryEnd;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.LoadedModel;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.training.config.TrainingConfig;
import dev.freshet.training.decode.ExampleDecoder;
import dev.freshet.training.loop.DriftNews;
import dev.freshet.training.loop.TrainedModel;
import dev.freshet.training.publish.ModelPublisher;
import dev.freshet.training.publish.VersionMetrics;
import dev.freshet.training.startup.TrainingStartup.StartRefusedException;
import dev.freshet.training.status.TrainingMonitor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.tribuo.classification.Label;

/**
 * Starts each configured model: resumed from its newest registry version that loads (weights, optimiser state and
 * the Kafka offsets it continues from), or, with none, bootstrapped from one feature-store snapshot and published as
 * version 1 with the offsets where that history ends. A lineage whose settings or feature set changed is refused.
 */
public final class ModelStarter {

    private static final Logger LOG = Logger.getLogger(ModelStarter.class);
    /** History is tested at event time in steps of this many examples (see {@link TrainedModel}). */
    private static final int HISTORY_BATCH = 500;

    private final TrainingConfig config;
    private final FeatureStore store;
    private final ModelRegistry registry;
    private final ModelPublisher publisher;
    private final TrainingMonitor monitor;
    private final DriftNews driftNews;
    private final DriftPolicy driftPolicy;

    public ModelStarter(TrainingConfig config, FeatureStore store, ModelRegistry registry, ModelPublisher publisher,
                 TrainingMonitor monitor, DriftNews driftNews, DriftPolicy driftPolicy) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.publisher = publisher;
        this.monitor = monitor;
        this.driftNews = driftNews;
        this.driftPolicy = driftPolicy;
    }

    /** Every configured model, resumed or bootstrapped, comparing against its champion. */
    public List<TrainedModel> start(FeatureSet featureSet, ExampleDecoder decoder) {
        for (String key : config.trainedModels()) {
            try {
                ModelSettings.of(key, config.models().get(key), featureSet);
            } catch (IllegalArgumentException e) {
                throw new StartRefusedException("Refusing to start: " + e.getMessage());
            }
        }
        List<TrainedModel> started = new ArrayList<>();
        List<String> toBootstrap = new ArrayList<>();
        for (String key : config.trainedModels()) {
            var latest = registry.latestVersion(config.modelName(key));
            if (latest.isPresent()) {
                started.add(resumeNewestLoadable(key, latest.get(), featureSet));
            } else {
                toBootstrap.add(key);
            }
        }
        if (!toBootstrap.isEmpty()) {
            started.addAll(bootstrap(toBootstrap, featureSet, decoder));
        }
        started.forEach(publisher::adoptChampion);
        return started;
    }

    /**
     * Continues the newest version that loads: one whose manifest, artifact or training state is damaged is
     * skipped, said in the log and the status, and the lineage continues from the version before it (the examples
     * after that version's offsets are learned again, once, in the new branch). None loads: start refused.
     */
    private TrainedModel resumeNewestLoadable(String key, long latest, FeatureSet featureSet) {
        String name = config.modelName(key);
        List<Manifest> readable = new ArrayList<>(registry.versions(name));
        Collections.reverse(readable);
        String newestFailure = readable.isEmpty() || readable.get(0).version() != latest
                ? "the manifest of version " + latest + " cannot be read" : null;
        for (Manifest manifest : readable) {
            long version = manifest.version();
            try {
                TrainedModel model = resume(key, version, featureSet);
                if (newestFailure != null) {
                    String message = name + " continues from version " + version + ", the newest that loads: "
                            + newestFailure + "; the versions after " + version + " are not continued";
                    LOG.warn(message);
                    monitor.state("starting", message);
                }
                return model;
            } catch (dev.freshet.registry.ModelLoadException | IllegalArgumentException e) {
                // IllegalArgumentException: IncompatibleSnapshotException, and numbers no learner makes.
                LOG.warnf("%s: version %d cannot be loaded (%s); trying the version before it", name, version,
                        e.getMessage());
                if (newestFailure == null) {
                    newestFailure = "version " + version + " cannot be loaded (" + e.getMessage() + ")";
                }
            }
        }
        throw new StartRefusedException("Refusing to start: no version of " + name + " can be loaded ("
                + newestFailure + "). Nothing was changed.");
    }

    private TrainedModel resume(String key, long version, FeatureSet featureSet) {
        String name = config.modelName(key);
        Manifest manifest = registry.manifest(name, version).orElseThrow(() ->
                new StartRefusedException("version " + version + " of " + name + " vanished while starting"));
        byte[] state = registry.trainingState(manifest).orElseThrow(() -> new StartRefusedException("version "
                + version + " of " + name + " has no training state to continue from: publish a new model name"));
        LoadedModel<Label> loaded = registry.load(name, version, Label.class);
        OnlineLearner learner = OnlineLearners.restore(loaded.model(), state);
        Map<Integer, Long> offsets = manifest.kafkaOffsets() == null ? Map.of()
                : manifest.kafkaOffsets().getOrDefault(config.topic(), Map.of());
        LearnerSettings settings = LearnerSettings.fromMap(manifest.hyperParameters());
        LearnerSettings configured = ModelSettings.of(key, config.models().get(key), featureSet);
        String refusal = ModelSettings.lineageRefusal(name, version, settings, configured, featureSet);
        if (refusal != null) {
            throw new StartRefusedException(refusal);
        }
        if (!configured.equals(settings)) {
            LOG.warnf("%s continues version %d with its own hyper-parameters %s, not the configured %s: a version's "
                    + "optimiser state belongs to its settings; give the model a new key to train the new ones", name,
                    version, settings.asMap(), configured.asMap());
        }
        LOG.infof("Resuming %s from version %d: %d examples seen, offsets %s", name, version, manifest.examplesSeen(), offsets);
        Double sinceDrift = manifest.metrics() == null ? null
                : manifest.metrics().get(VersionMetrics.EXAMPLES_SINCE_DRIFT);
        return new TrainedModel(name, settings, learner, offsets, manifest.examplesSeen(), version, config.gate().window(),
                sinceDrift == null || sinceDrift < 0 ? Long.MAX_VALUE : sinceDrift.longValue(), driftPolicy);
    }

    /**
     * One feature-store snapshot for every model without a version: the history and the offsets where it ends,
     * read together; each model learns it and publishes version 1 carrying those offsets.
     */
    private List<TrainedModel> bootstrap(List<String> keys, FeatureSet featureSet, ExampleDecoder decoder) {
        monitor.state("starting", "bootstrapping " + keys + " from the feature store");
        List<ExampleDecoder.Decoded> history = new ArrayList<>();
        long[] refused = new long[1];
        HistoryEnd end = store.readHistory(featureSet.name(), row -> {
            ExampleDecoder.Decoded decoded = decoder.decode(row.example());
            if (decoded.isPoison()) {
                refused[0]++;
            } else {
                history.add(decoded);
            }
        });
        Map<Integer, Long> offsets = end.nextOffsets().getOrDefault(config.topic(), Map.of());
        LOG.infof("Bootstrap: %d examples of %s in the feature store (%d refused), history ends at %s %s",
                history.size(), featureSet.name(), refused[0], config.topic(), offsets);
        List<TrainedModel> started = new ArrayList<>();
        for (String key : keys) {
            LearnerSettings settings = ModelSettings.of(key, config.models().get(key), featureSet);
            TrainedModel model = new TrainedModel(config.modelName(key), settings, OnlineLearners.create(settings),
                    offsets, 0, null, config.gate().window(), Long.MAX_VALUE, driftPolicy);
            for (int i = 0; i < history.size(); i++) {
                ExampleDecoder.Decoded row = history.get(i);
                driftNews.afterLearning(model, model.learn(row.example(), row.eventMillis(), row.labelMillis()));
                if ((i + 1) % HISTORY_BATCH == 0) {
                    model.batchEnded();
                }
            }
            model.batchEnded();
            for (int epoch = 2; epoch <= config.bootstrap().epochs(); epoch++) {
                for (ExampleDecoder.Decoded row : history) {
                    model.trainAgain(row.example());
                }
            }
            if (!history.isEmpty()) {
                publisher.publish(model, null); // version 1: where the stream continues
            }
            started.add(model);
        }
        return started;
    }
}

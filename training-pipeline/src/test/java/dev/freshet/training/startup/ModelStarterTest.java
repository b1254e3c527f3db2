package dev.freshet.training.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.FeatureSchemaRef;
import dev.freshet.registry.ManifestDraft;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.training.config.TrainingConfig;
import dev.freshet.training.loop.DriftNews;
import dev.freshet.training.loop.TrainedModel;
import dev.freshet.training.publish.ModelPublisher;
import dev.freshet.training.publish.VersionMetrics;
import dev.freshet.training.startup.TrainingStartup.StartRefusedException;
import dev.freshet.training.status.TrainingMonitor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How a trainer continues a lineage, over a registry in memory: from the newest version that loads, with its
 * offsets, counts and drift hold; past a damaged newest version to the one before it; and refusals — nothing
 * written — when no version loads, when the feature set's encodings changed under the lineage, or when a model's
 * configuration is wrong. The real-server side is in {@code TrainerProcessIT}.
 */
class ModelStarterTest {

    private static final String MODEL = "shops-linear";

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ModelRegistry registry = new ModelRegistry(store, RegistrySettings.defaults());

    private static TrainingConfig config(String crosses) {
        return new SmallRyeConfigBuilder().withMapping(TrainingConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValue("freshet.training.feature-set", "shops")
                .withDefaultValue("freshet.training.models.linear.algorithm", "linear")
                .withDefaultValue("freshet.training.models.linear.replay-window", "0")
                .withDefaultValue("freshet.training.models.linear.crosses", crosses)
                .build().getConfigMapping(TrainingConfig.class);
    }

    private record Started(List<TrainedModel> models, TrainingMonitor monitor) {}

    private Started start(TrainingConfig config) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TrainingMonitor monitor = new TrainingMonitor(config, meters, new DriftNews(null), "none", model -> null);
        ModelPublisher publisher = new ModelPublisher(config, registry, null, null, meters);
        ModelStarter starter = new ModelStarter(config, null, registry, publisher, monitor, new DriftNews(null),
                DriftPolicy.defaults());
        return new Started(starter.start(ModelSettingsTest.SHOPS, null), monitor);
    }

    /** Publishes a version as the trainer does: a learner's snapshot with its settings, offsets and counts. */
    private long publish(LearnerSettings settings, Map<Integer, Long> offsets, long examplesSeen, long sinceDrift) {
        OnlineLearner learner = OnlineLearners.create(settings);
        Random random = new Random(examplesSeen);
        for (int i = 0; i < 50; i++) {
            int hour = random.nextInt(24);
            FeatureVector features = new FeatureVector(new String[] {"type_a", "type_b", "hour", "minute"},
                    new double[] {i % 2, 1 - i % 2, hour, random.nextInt(60)});
            learner.learn(new LabelledExample(features, hour > 12 ? "busy" : "quiet"));
        }
        LearnerSnapshot snapshot = learner.snapshot("test", Map.of());
        Long parent = registry.latestVersion(MODEL).orElse(null);
        ManifestDraft draft = new ManifestDraft(settings.algorithm(), settings.asMap(),
                new FeatureSchemaRef("shops", 2, ModelSettingsTest.SHOPS.predictionFeatures()), learner.labelNames(),
                Map.of(VersionMetrics.EXAMPLES_SINCE_DRIFT, (double) sinceDrift),
                Map.of("freshet.examples", offsets), examplesSeen, parent);
        return registry.publish(MODEL, snapshot.modelBytes(), snapshot.trainingState(), draft).version();
    }

    private static LearnerSettings configured() {
        return ModelSettings.of("linear", config("declared").models().get("linear"), ModelSettingsTest.SHOPS);
    }

    private void damage(long version) {
        String artifact = store.keys().stream().filter(k -> k.contains(MODEL) && k.endsWith("/" + version + "/model.pb"))
                .findFirst().orElseThrow(() -> new AssertionError("no artifact of version " + version + " in "
                        + store.keys()));
        store.overwrite(artifact, new byte[] {1, 2, 3});
    }

    @Test
    void theNewestVersionContinuesWithItsOffsetsCountsAndDriftHold() {
        publish(configured(), Map.of(0, 40L), 40, Long.MAX_VALUE);
        publish(configured(), Map.of(0, 90L, 1, 10L), 100, 30);

        TrainedModel model = start(config("declared")).models().get(0);

        assertThat(model.name()).isEqualTo(MODEL);
        assertThat(model.version()).isEqualTo(2);
        assertThat(model.nextOffsets()).isEqualTo(Map.of(0, 90L, 1, 10L));
        assertThat(model.examplesSeen()).isEqualTo(100);
        assertThat(model.examplesSinceDrift()).as("the gate's hold survives the restart").isEqualTo(30);
        assertThat(store.keys().stream().filter(k -> k.endsWith("manifest.json"))).as("nothing published at start")
                .hasSize(2);
    }

    @Test
    void aDamagedNewestVersionIsSkippedAndTheOneBeforeContinuesSaidInTheStatus() {
        publish(configured(), Map.of(0, 40L), 40, Long.MAX_VALUE);
        publish(configured(), Map.of(0, 90L), 90, Long.MAX_VALUE);
        damage(2);

        Started started = start(config("declared"));

        TrainedModel model = started.models().get(0);
        assertThat(model.version()).isEqualTo(1);
        assertThat(model.nextOffsets()).as("the examples after version 1 are learned again, once")
                .isEqualTo(Map.of(0, 40L));
        assertThat(started.monitor().status().message())
                .contains(MODEL + " continues from version 1, the newest that loads", "version 2 cannot be loaded");
    }

    @Test
    void noVersionThatLoadsIsRefusedAndNothingIsWritten() {
        publish(configured(), Map.of(0, 40L), 40, Long.MAX_VALUE);
        publish(configured(), Map.of(0, 90L), 90, Long.MAX_VALUE);
        damage(1);
        damage(2);
        List<String> before = store.keys();

        assertThatThrownBy(() -> start(config("declared"))).isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("no version of " + MODEL + " can be loaded")
                .hasMessageContaining("Nothing was changed");
        assertThat(store.keys()).isEqualTo(before);
    }

    @Test
    void aLineageWhoseEncodingsChangedIsRefusedNamingTheChange() {
        publish(configured(), Map.of(0, 40L), 40, Long.MAX_VALUE);
        List<String> before = store.keys();

        assertThatThrownBy(() -> start(config("none"))).isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("version 1 of " + MODEL)
                .hasMessageContaining("cross.1: type*hour -> (none)")
                .hasMessageContaining("new lineage");
        assertThat(store.keys()).isEqualTo(before);
    }

    @Test
    void aCrossNamingAnUnknownFeatureIsRefusedNamingTheKeyBeforeTheRegistryIsRead() {
        publish(configured(), Map.of(0, 40L), 40, Long.MAX_VALUE);
        List<String> before = store.keys();

        assertThatThrownBy(() -> start(config("type*colour"))).isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("freshet.training.models.linear.crosses")
                .hasMessageContaining("colour");
        assertThat(store.keys()).isEqualTo(before);
    }
}

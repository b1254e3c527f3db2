package dev.freshet.training.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.training.config.TrainingConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A model's settings from its configuration and its feature set's declarations, and the mistakes refused. */
class ModelSettingsTest {

    static final FeatureSet SHOPS = new FeatureSet("shops", 2, "shop_id", List.of(
            new FeatureSpec("type_a", true), new FeatureSpec("type_b", true),
            FeatureSpec.categorical("hour", true, 0, 23), new FeatureSpec("minute", true, "cyclical(60)"),
            new FeatureSpec("late", false, "categorical(1,2)")), List.of("busy", "quiet"),
            Map.of("type", List.of("type_a", "type_b")), List.of("type*hour"));

    private static TrainingConfig.ModelSpec spec(String algorithm, String crosses) {
        return new TrainingConfig.ModelSpec() {
            @Override public String algorithm() { return algorithm; }
            @Override public Optional<List<Integer>> hiddenSizes() { return Optional.empty(); }
            @Override public Optional<String> optimizer() { return Optional.empty(); }
            @Override public OptionalDouble learningRate() { return OptionalDouble.empty(); }
            @Override public OptionalDouble l2() { return OptionalDouble.empty(); }
            @Override public OptionalLong seed() { return OptionalLong.empty(); }
            @Override public Optional<String> crosses() { return Optional.ofNullable(crosses); }
            @Override public String encodings() { return "declared"; }
            @Override public int replayWindow() { return 100; }
            @Override public int replayPerExample() { return 2; }
        };
    }

    @Test
    void theFeatureSetsEncodingsReachTheModelLinearCrossesWhatItDeclaresMlpNothing() {
        LearnerSettings linear = ModelSettings.of("linear", spec("linear", null), SHOPS);
        assertThat(linear.encoding().encodings()).containsOnlyKeys("hour", "minute"); // not the late feature
        assertThat(linear.encoding().encodingOf("minute")).isEqualTo(FeatureEncoding.cyclical("minute", 60));
        assertThat(linear.encoding().crosses()).containsExactly(List.of("type", "hour"));
        assertThat(linear.replay()).isEqualTo(new LearnerSettings.Replay(100, 2));
        assertThat(linear.asMap()).containsEntry("encoding.cross.1", "type*hour");

        LearnerSettings mlp = ModelSettings.of("mlp", spec("mlp", null), SHOPS);
        assertThat(mlp.encoding().crosses()).isEmpty();
        assertThat(mlp.encoding().encodings()).containsOnlyKeys("hour", "minute");

        assertThat(ModelSettings.of("m", spec("mlp", "type*minute, hour*minute"), SHOPS).encoding().crosses())
                .containsExactly(List.of("type", "minute"), List.of("hour", "minute"));
        assertThat(ModelSettings.of("m", spec("linear", "none"), SHOPS).encoding().crosses()).isEmpty();
    }

    @Test
    void aCrossNamingAnUnknownFeatureNamesTheKey() {
        assertThatThrownBy(() -> ModelSettings.of("linear", spec("linear", "type*colour"), SHOPS))
                .hasMessageContaining("freshet.training.models.linear.crosses").hasMessageContaining("'colour'");
        // A feature known only with the label cannot be crossed either: models never see it.
        assertThatThrownBy(() -> ModelSettings.of("linear", spec("linear", "type*late"), SHOPS))
                .hasMessageContaining("'late'");
        assertThatThrownBy(() -> ModelSettings.of("linear", spec("linear", "type"), SHOPS))
                .hasMessageContaining("freshet.training.models.linear.crosses").hasMessageContaining("two or more");
    }

    @Test
    void aBadDeclarationInTheFeatureSetNamesTheFeature() {
        FeatureSet zeroPeriod = new FeatureSet("bad", 1, "id", List.of(new FeatureSpec("minute", true, "cyclical(0)")),
                List.of("a", "b"));
        assertThatThrownBy(() -> ModelSettings.of("linear", spec("linear", null), zeroPeriod))
                .hasMessageContaining("feature set bad v1").hasMessageContaining("'minute'")
                .hasMessageContaining("period above 0");
        FeatureSet duplicates = new FeatureSet("bad", 1, "id", List.of(new FeatureSpec("hour", true,
                "categorical(1,2,1)")), List.of("a", "b"));
        assertThatThrownBy(() -> ModelSettings.of("linear", spec("linear", null), duplicates))
                .hasMessageContaining("'hour'").hasMessageContaining("twice");
    }

    @Test
    void aVersionTrainedWithAnotherEncodingIsRefusedNamingTheChange() {
        LearnerSettings now = ModelSettings.of("linear", spec("linear", null), SHOPS);
        LearnerSettings before = LearnerSettings.linear().withReplay(now.replay()); // a version of feature set v1
        assertThat(ModelSettings.lineageRefusal("shops-linear", 7, now, now, SHOPS)).isNull();
        assertThat(ModelSettings.lineageRefusal("shops-linear", 7, before, now, SHOPS))
                .contains("Refusing to start: version 7 of shops-linear", "feature set shops v2",
                        "hour: numeric -> categorical(0,1,2", "cross.1: (none) -> type*hour",
                        "new lineage", "Nothing was changed");
        // Other crosses configured are a change too; other hyper-parameters are not (a warning at resume).
        LearnerSettings noCross = ModelSettings.of("linear", spec("linear", "none"), SHOPS);
        assertThat(ModelSettings.lineageRefusal("shops-linear", 7, now, noCross, SHOPS))
                .contains("cross.1: type*hour -> (none)");
        assertThat(ModelSettings.lineageRefusal("shops-linear", 7, now, now.withL2(0.1), SHOPS)).isNull();
        // A version whose crosses are standardised (saved before they were uncentred) continues its own way.
        InputEncoding raw = new InputEncoding(now.encoding().encodings(), now.encoding().groups(),
                now.encoding().crosses(), InputEncoding.CrossScale.RAW);
        assertThat(ModelSettings.lineageRefusal("shops-linear", 7, now.withEncoding(raw), now, SHOPS)).isNull();
    }

    @Test
    void anEncodingChangeIsDescribedKeyByKey() {
        InputEncoding now = ModelSettings.of("linear", spec("linear", null), SHOPS).encoding();
        assertThat(ModelSettings.encodingChange(now, now)).isEmpty();
        assertThat(ModelSettings.encodingChange(InputEncoding.NONE, now))
                .contains("hour: numeric -> categorical(0,1,2,").contains("cross.1: (none) -> type*hour");
    }
}

package dev.freshet.training.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.features.LabelledExampleMessage;
import dev.freshet.features.Messages;
import dev.freshet.training.TrainingData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What reaches a model, and the reasons poison records are refused. */
class ExampleDecoderTest {

    private final ExampleDecoder decoder = new ExampleDecoder(TrainingData.featureSet("sum"));

    @Test
    void onlyFeaturesKnownAtPredictionTimeReachTheModel() {
        LabelledExampleMessage m = TrainingData.example("sum", 5);
        ExampleDecoder.Decoded decoded = decoder.decode(Messages.toJson(m));
        assertThat(decoded.isPoison()).isFalse();
        assertThat(decoded.example().features().names()).containsExactly("x1", "x2", "noise");
        assertThat(decoded.example().features().values()[0]).isEqualTo(m.features().get("x1"));
        assertThat(decoded.example().label()).isEqualTo(m.label());
        // Examples share one names array: the learner maps it to its inputs once.
        assertThat(decoder.decode(Messages.toJson(TrainingData.example("sum", 6))).example().features().names())
                .isSameAs(decoded.example().features().names());
    }

    @Test
    void poisonIsNamedWithItsReason() {
        assertThat(decoder.decode((byte[]) null).poison()).contains("tombstone");
        assertThat(decoder.decode("{]".getBytes(StandardCharsets.UTF_8)).poison()).contains("not a valid");
        assertThat(decoder.decode(Messages.toJson(TrainingData.example("other", 1))).poison())
                .contains("feature set 'other'");
        LabelledExampleMessage m = TrainingData.example("sum", 1);
        assertThat(decoder.decode(Messages.toJson(with(m, "x2", Double.NaN, "up"))).poison()).contains("'x2'");
        Map<String, Double> missing = new HashMap<>(m.features());
        missing.remove("noise");
        assertThat(decoder.decode(Messages.toJson(new LabelledExampleMessage(m.eventId(), "sum", 1, "e", m.eventTime(),
                m.labelTime(), missing, "up"))).poison()).contains("feature 'noise' is missing");
        assertThat(decoder.decode(Messages.toJson(with(m, "x1", 0.5, "flat"))).poison()).contains("label 'flat'");
    }

    @Test
    void theStreamingPathDecidesAsTheMessageReaderDoes() {
        String ok = new String(Messages.toJson(TrainingData.example("sum", 7)), StandardCharsets.UTF_8);
        java.util.List<String> variants = new java.util.ArrayList<>(java.util.List.of(ok,
                ok.replace("\"schemaVersion\":1", "\"schemaVersion\":1.0"),
                ok.replace("\"schemaVersion\":1", "\"schemaVersion\":null"),
                ok.replace("\"eventId\":\"sum-7\"", "\"eventId\":7"),
                ok.replace("\"eventId\":\"sum-7\"", "\"eventId\":null"),
                ok.replace("\"label\":\"", "\"label\":\" ").replace("\" up\"", "\" \"").replace("\" down\"", "\" \""),
                ok.replace("\"eventTime\":\"2026-11-02T00:00:07Z\"", "\"eventTime\":\"2026-11-02T01:00:07+01:00\""),
                ok.replace("\"eventTime\":\"2026-11-02T00:00:07Z\"", "\"eventTime\":\"2026-11-02T00:02:07Z\""),
                ok.replace("\"eventTime\":\"2026-11-02T00:00:07Z\"", "\"eventTime\":\"yesterday\""),
                ok.replace("\"features\":{", "\"features\":{\"x1\":1e999,"),
                ok.replace("\"features\":{", "\"features\":{\"extra\":2.5,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":\"1\","),
                ok.replace("\"features\":{", "\"nested\":{\"a\":[1,2,{\"b\":3}]},\"features\":{"),
                ok.replace("\"noise\":", "\"noiseless\":"),
                ok.replace("\"featureSet\":\"sum\"", "\"featureSet\":\"other\""),
                ok + " trailing", "[" + ok + "]", ok.substring(0, ok.length() - 5), ""));
        for (String json : variants) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ExampleDecoder.Decoded fast = decoder.decode(bytes);
            ExampleDecoder.Decoded full = decoder.decodeFully(bytes);
            assertThat(fast.isPoison()).as(json).isEqualTo(full.isPoison());
            assertThat(fast.example()).as(json).isEqualTo(full.example());
        }
        assertThat(variants.stream().filter(v -> !decoder.decodeFully(v.getBytes(StandardCharsets.UTF_8)).isPoison()))
                .as("some variants are valid, some poison").hasSizeBetween(3, variants.size() - 3);
    }

    private static LabelledExampleMessage with(LabelledExampleMessage m, String feature, double value, String label) {
        Map<String, Double> features = new HashMap<>(m.features());
        features.put(feature, value);
        return new LabelledExampleMessage(m.eventId(), m.featureSet(), 1, m.entityId(), m.eventTime(), m.labelTime(),
                features, label);
    }
}

package dev.freshet.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.contract.PredictionMessage;
import dev.freshet.inference.serve.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming fast path against the message reader and writer it stands in for. */
class FeatureVectorReaderTest {

    static final List<String> FEATURES = List.of("x1", "x2", "noise");
    final FeatureVectorReader reader = new FeatureVectorReader("infer", FEATURES, MessageLimits.DEFAULT);

    static FeatureVectorMessage message(Map<String, Double> features) {
        return new FeatureVectorMessage("ev-1", "infer", 1, "shop-3", Instant.parse("2026-11-21T08:00:00.125Z"), features);
    }

    static Map<String, Double> features(double x1, double x2, double noise) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("noise", noise); // any order
        f.put("x1", x1);
        f.put("x2", x2);
        return f;
    }

    @Test
    void readsTheCommonFormIntoARowInSchemaOrderAndWritesWhatTheRecordWouldBe() {
        FeatureVectorMessage m = message(features(0.5, -1.25, 3));
        FeatureVectorReader.Read read = reader.read(Messages.toJson(m));
        assertThat(read).isNotNull();
        assertThat(read.row()).containsExactly(0.5, -1.25, 3.0);
        assertThat(read.eventId()).isEqualTo("ev-1");
        assertThat(read.entityId()).isEqualTo("shop-3");

        Answer answer = new Answer("infer-linear", 7, "up", List.of("up", "down"), new double[] {0.75, 0.25}, true);
        Instant at = Instant.parse("2026-11-21T09:00:00.5Z");
        PredictionMessage expected = new PredictionMessage("ev-1/infer-linear/7", "ev-1", "infer", 1, "shop-3",
                m.eventTime(), "infer-linear", 7, "up", answer.probabilityByLabel(), true, at);
        byte[] written = PredictionWriter.write(read, answer, at.toString());
        assertThat(Messages.fromJson(written, PredictionMessage.class)).isEqualTo(expected);
        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(new String(Messages.toJson(expected), StandardCharsets.UTF_8));
    }

    @Test
    void leavesEverythingElseToTheMessageReader() {
        Map<String, Double> missing = new LinkedHashMap<>(features(1, 2, 3));
        missing.remove("noise");
        Map<String, Double> unknown = new LinkedHashMap<>(features(1, 2, 3));
        unknown.put("colour", 1.0);
        assertThat(reader.read(Messages.toJson(message(missing)))).isNull();
        // Out of the message limits: the reader words why.
        Map<String, Double> ok = features(1, 2, 3);
        assertThat(reader.read(Messages.toJson(new FeatureVectorMessage("e".repeat(257), "infer", 1, "shop-3",
                Instant.now(), ok)))).isNull();
        assertThat(reader.read(Messages.toJson(new FeatureVectorMessage("e".repeat(256), "infer", 1, "shop-3",
                Instant.now(), ok)))).isNotNull();
        assertThat(reader.read(Messages.toJson(new FeatureVectorMessage(" ", "infer", 1, "shop-3",
                Instant.now(), ok)))).isNull();
        assertThat(reader.read(Messages.toJson(new FeatureVectorMessage("e1", "infer", 1, "shop-3",
                Instant.parse("9999-01-01T00:00:00Z"), ok)))).isNull();
        assertThat(reader.read(Messages.toJson(message(unknown)))).isNull();
        assertThat(reader.read(Messages.toJson(new FeatureVectorMessage("e", "elsewhere", 1, "s", Instant.now(),
                features(1, 2, 3))))).isNull();
        for (String json : List.of("not json", "[1]", "{}", "{\"eventId\":\"e\"}",
                "{\"eventId\":\"e\",\"featureSet\":\"infer\",\"schemaVersion\":1,\"entityId\":\"s\",\"eventTime\":\"2026-11-21T08:00:00Z\","
                        + "\"features\":{\"x1\":1e999,\"x2\":0,\"noise\":0}}",
                "{\"eventId\":\"e\",\"featureSet\":\"infer\",\"schemaVersion\":1,\"entityId\":\"s\",\"eventTime\":\"2026-11-21T08:00:00Z\","
                        + "\"features\":{\"x1\":\"1\",\"x2\":0,\"noise\":0}}",
                "{\"eventId\":\"e\",\"featureSet\":\"infer\",\"schemaVersion\":1,\"entityId\":\"s\",\"eventTime\":\"yesterday\","
                        + "\"features\":{\"x1\":1,\"x2\":0,\"noise\":0}}",
                "{\"eventId\":\"e\",\"featureSet\":\"infer\",\"schemaVersion\":1,\"entityId\":\"s\",\"eventTime\":\"2026-11-21T08:00:00Z\","
                        + "\"features\":{\"x1\":1,\"x1\":2,\"x2\":0,\"noise\":0}}")) {
            assertThat(reader.read(json.getBytes(StandardCharsets.UTF_8))).as(json).isNull();
        }
        String wellFormed = "{\"eventId\":\"e\",\"featureSet\":\"infer\",\"schemaVersion\":1,\"entityId\":\"s\","
                + "\"eventTime\":\"2026-11-21T08:00:00Z\",\"features\":{\"x1\":1,\"x2\":0,\"noise\":0},\"extra\":[1,{\"a\":2}]}";
        assertThat(reader.read(wellFormed.getBytes(StandardCharsets.UTF_8))).as("unknown fields are skipped").isNotNull();
    }

    @Test
    void writesWhatTheRecordWouldBeForAnyTextAndNumbers() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2_000; i++) {
            List<String> labels = random.nextBoolean() ? List.of(text(random), text(random)) : List.of(text(random));
            double[] probabilities = random.doubles(labels.size()).map(p -> random.nextInt(10) == 0 ? p * 1e-12 : p).toArray();
            Answer answer = new Answer(text(random), random.nextInt(1_000) + 1, labels.get(0), labels, probabilities,
                    random.nextBoolean());
            Instant eventTime = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            Instant at = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000) * 1_000_000L);
            FeatureVectorReader.Read read = new FeatureVectorReader.Read(text(random), text(random), random.nextInt(9) + 1,
                    text(random), eventTime.toString(), new double[0]);
            PredictionMessage expected = new PredictionMessage(read.eventId() + "/" + answer.model() + "/" + answer.version(),
                    read.eventId(), read.featureSet(), read.schemaVersion(), read.entityId(), eventTime, answer.model(),
                    answer.version(), answer.label(), answer.probabilityByLabel(), answer.abstained(), at);

            assertThat(new String(PredictionWriter.write(read, answer, at.toString()), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Messages.toJson(expected), StandardCharsets.UTF_8));
        }
    }

    /** Text with what needs escaping or more than one byte now and then. */
    private static String text(java.util.Random random) {
        String[] parts = {"a", "Z", "9", "-", "/", "\"", "\\", "\n", "\u0001", "é", "雪", "😀", " ", "\u007f"};
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(12) + 1;
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(3) == 0 ? parts[random.nextInt(parts.length)] : parts[random.nextInt(4)]);
        }
        return b.toString();
    }
}

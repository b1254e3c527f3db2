package dev.freshet.training.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.contract.FeatureValidation;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.training.TrainingData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
    void anImageOfAnotherSizeThanTheFeatureSetDeclaresIsPoisonWithBothSizesNamed() {
        List<FeatureSpec> pixels = IntStream.range(0, 784).mapToObj(p -> new FeatureSpec("px" + p, true)).toList();
        ExampleDecoder images = new ExampleDecoder(new FeatureSet("fashion", 1, "image", pixels, List.of("Bag", "Coat")));
        Instant seen = Instant.now().minusSeconds(1);
        for (int size : new int[] {784, 100, 1024}) {
            Map<String, Double> image = new LinkedHashMap<>();
            IntStream.range(0, size).forEach(p -> image.put("px" + p, 255.0 * (p % 2)));
            byte[] json = Messages.toJson(new LabelledExampleMessage("i-" + size, "fashion", 1, "i", seen, seen, image,
                    "Bag"));
            ExampleDecoder.Decoded decoded = images.decode(json);
            assertThat(decoded).as("the scanner and the message reader decide alike").isEqualTo(images.decodeFully(json));
            if (size == 784) {
                assertThat(decoded.isPoison()).isFalse();
                continue;
            }
            // One line that says what is wrong, not a problem per pixel.
            assertThat(decoded.poison()).startsWith(size + " features where 784 are expected")
                    .contains(size < 784 ? "feature 'px100' is missing" : "unknown feature 'px")
                    .contains(Math.abs(784 - size) - FeatureValidation.NAMED + " more")
                    .hasSizeLessThan(400);
        }
    }

    @Test
    void timesIdsAndNamesOutOfTheLimitsArePoisonWithTheirReasonNeverAnOverflow() {
        String ok = new String(Messages.toJson(TrainingData.example("sum", 7)), StandardCharsets.UTF_8);
        // The record that stopped the trainer on every start: an epoch number read as seconds overflowed.
        String far = ok.replaceAll("\"(event|label)Time\":\"[^\"]*\"", "\"$1Time\":10000000000000000");
        assertThat(far).contains("10000000000000000,\"features\"");
        assertThat(decoder.decode(far.getBytes(StandardCharsets.UTF_8)).poison())
                .contains("eventTime +316889355-", "days after now", "labelTime");
        assertThat(decoder.decode(ok.replace("\"eventId\":\"sum-7\"", "\"eventId\":\"" + "e".repeat(60_000) + "\"")
                .getBytes(StandardCharsets.UTF_8)).poison()).isEqualTo("eventId is 60000 characters long, more than 256");
        assertThat(decoder.decode(ok.replace("\"eventId\":\"sum-7\"", "\"eventId\":\"\"")
                .getBytes(StandardCharsets.UTF_8)).poison()).isEqualTo("eventId is empty");
        // Limits of its own: a trainer that accepts a day either side of now refuses what the default accepts.
        ExampleDecoder strict = new ExampleDecoder(TrainingData.featureSet("sum"),
                new dev.freshet.contract.MessageLimits(java.time.Duration.ofDays(1), java.time.Duration.ofDays(1)));
        assertThat(decoder.decode(ok.getBytes(StandardCharsets.UTF_8)).isPoison()).isFalse();
        assertThat(strict.decode(ok.getBytes(StandardCharsets.UTF_8)).poison()).contains("more than 1 days before now");
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
                // Out of the message limits: both paths refuse, the reader words why.
                ok.replace("\"eventTime\":\"2026-11-02T00:00:07Z\"", "\"eventTime\":10000000000000000"),
                ok.replace("\"eventTime\":\"2026-11-02T00:00:07Z\"", "\"eventTime\":\"1900-01-01T00:00:00Z\""),
                ok.replace("\"labelTime\":\"2026-", "\"labelTime\":\"9999-"),
                ok.replace("\"eventId\":\"sum-7\"", "\"eventId\":\"" + "e".repeat(257) + "\""),
                ok.replace("\"eventId\":\"sum-7\"", "\"eventId\":\"" + "e".repeat(256) + "\""),
                ok.replace("\"features\":{", "\"features\":{\"" + "f".repeat(257) + "\":1,"),
                ok + " trailing", "[" + ok + "]", ok.substring(0, ok.length() - 5), "",
                // What the scanner leaves to the message reader, and what it reads itself.
                ok.replace("\"eventId\":\"sum-7\"", "\"eventId\":\"sum\\u002D7\""),
                ok.replace("\"entityId\":\"", "\"entityId\":\"é"),
                ok.replace("\"features\":{\"x1\"", "\"features\":{\"x\\u0031\""),
                ok.replace("\"features\":{", "\"features\":{\"x1\":-0,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":-0.0,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":3,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":12345678901234567890123,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":2.5E-3,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":01,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":1.,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":.5,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":+1,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":null,"),
                ok.replace("\"features\":{", "\"features\":{\"x1\":1,\"x1\":2,"),
                ok.replace("\"features\":{", "\"features\":{},\"features\":{"),
                ok.replace("\"label\":", "\"label\":\"up\",\"label\":"),
                ok.replace("\"schemaVersion\":1", "\"schemaVersion\":99999999999"),
                ok.replace("\"schemaVersion\":1", "\"schemaVersion\":-1"),
                ok.replace(",", " ,\n\t").replace(":", "\r: "),
                ok.replace("}", ",}"),
                "\uFEFF" + ok, " " + ok + "\n"));
        for (String json : variants) {
            assertSameDecision(json.getBytes(StandardCharsets.UTF_8), json);
        }
        assertThat(variants.stream().filter(v -> !decoder.decodeFully(v.getBytes(StandardCharsets.UTF_8)).isPoison()))
                .as("some variants are valid, some poison").hasSizeBetween(3, variants.size() - 3);
    }

    /** Random damage to a message, byte by byte: whatever the scanner makes of it, the message reader agrees. */
    @Test
    void theScannerAgreesWithTheMessageReaderOnDamagedRecords() {
        java.util.Random random = new java.util.Random(20261122);
        byte[] alphabet = "{}[]\":,.-+eE0123456789 \\nultrfasx".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = Messages.toJson(TrainingData.example("sum", i % 97));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(bytes.length);
                byte b = alphabet[random.nextInt(alphabet.length)];
                switch (random.nextInt(3)) {
                    case 0 -> bytes[at] = b;
                    case 1 -> bytes = splice(bytes, at, 1, new byte[0]);
                    default -> bytes = splice(bytes, at, 0, new byte[] {b});
                }
            }
            if (!assertSameDecision(bytes, new String(bytes, StandardCharsets.UTF_8)).isPoison()) {
                accepted++;
            }
        }
        assertThat(accepted).as("some damage leaves a valid example (a changed digit)").isBetween(100, 19_900);
    }

    @Test
    void theProducersFormIsReadWithoutTheMessageReader() {
        ExampleScanner scanner = new ExampleScanner(new String[] {"x1", "x2", "noise"}, List.of("outcome"), "sum",
                List.of("up", "down"), dev.freshet.contract.MessageLimits.DEFAULT);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = Messages.toJson(TrainingData.example("sum", i));
            ExampleDecoder.Decoded scanned = scanner.scan(bytes);
            assertThat(scanned).as("example %d read by the scanner", i).isNotNull();
            assertThat(scanned).isEqualTo(decoder.decodeFully(bytes));
            String spaced = new String(bytes, StandardCharsets.UTF_8).replace(",\"", " ,\n\t\"").replace("\":", "\"\r: ");
            assertThat(scanner.scan(spaced.getBytes(StandardCharsets.UTF_8))).isEqualTo(scanned);
        }
    }

    private ExampleDecoder.Decoded assertSameDecision(byte[] bytes, String description) {
        ExampleDecoder.Decoded fast = decoder.decode(bytes);
        ExampleDecoder.Decoded full = decoder.decodeFully(bytes);
        assertThat(fast.isPoison()).as(description).isEqualTo(full.isPoison());
        assertThat(fast.example()).as(description).isEqualTo(full.example());
        assertThat(fast.eventMillis()).as(description).isEqualTo(full.eventMillis());
        assertThat(fast.labelMillis()).as(description).isEqualTo(full.labelMillis());
        return full;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }

    private static LabelledExampleMessage with(LabelledExampleMessage m, String feature, double value, String label) {
        Map<String, Double> features = new HashMap<>(m.features());
        features.put(feature, value);
        return new LabelledExampleMessage(m.eventId(), m.featureSet(), 1, m.entityId(), m.eventTime(), m.labelTime(),
                features, label);
    }
}

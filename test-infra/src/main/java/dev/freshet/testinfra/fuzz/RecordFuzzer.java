package dev.freshet.testinfra.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Generates records for a topic's consumer: valid messages interleaved with every {@link FuzzKind} of bad one, each
 * marked with what the consumer must do with it. Built from the consumer's own valid message (a JSON object with
 * {@code eventId}, {@code featureSet}, {@code entityId}, {@code eventTime}, {@code features} and, on examples,
 * {@code labelTime} and {@code label}), so one generator serves every topic. Deterministic for a seed.
 */
public final class RecordFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stands for a raw JSON token (1e999, a bare word) that a JSON tree cannot hold. */
    private static final String RAW = "\u0001raw\u0001";

    private final Random random;
    private final IntFunction<ObjectNode> valid;
    private final String unknownFeatureSet;

    /**
     * @param seed              the run's seed
     * @param valid             a valid message for index {@code i}, with an event id of its own
     * @param unknownFeatureSet a feature set name the consumer does not know
     */
    public RecordFuzzer(long seed, IntFunction<ObjectNode> valid, String unknownFeatureSet) {
        this.random = new Random(seed);
        this.valid = valid;
        this.unknownFeatureSet = unknownFeatureSet;
    }

    /**
     * {@code count} records, about two in five valid. {@code alsoValid} names the kinds this consumer accepts
     * beyond {@link FuzzKind#validEverywhere()} (a sink stores examples of feature sets it has not seen).
     */
    public List<FuzzedRecord> records(int count, Set<FuzzKind> alsoValid) {
        boolean examples = valid.apply(0).has("label");
        List<FuzzKind> bad = new ArrayList<>();
        for (FuzzKind kind : FuzzKind.values()) {
            boolean applies = examples || (kind != FuzzKind.UNKNOWN_LABEL && kind != FuzzKind.LABEL_BEFORE_EVENT);
            if (!kind.validEverywhere() && applies) {
                bad.add(kind);
            }
        }
        List<FuzzedRecord> records = new ArrayList<>(count);
        List<String> validIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FuzzKind kind = pick(bad, validIds.isEmpty());
            ObjectNode message = valid.apply(i);
            byte[] value = switch (kind) {
                case VALID -> bytes(message);
                case DUPLICATE_ID -> bytes(message.put("eventId", validIds.get(random.nextInt(validIds.size()))));
                case EXTREME_VALUE -> bytes(extremeValue(message));
                case OLD_TIME -> bytes(shiftTimes(message, 50));
                case UNKNOWN_FEATURE_SET -> bytes(message.put("featureSet", unknownFeatureSet));
                case UNKNOWN_LABEL -> bytes(message.put("label", "fuzz-label-" + i));
                case RANDOM_BYTES -> randomBytes(1 + random.nextInt(300));
                case EMPTY -> new byte[0];
                case TOMBSTONE -> null;
                case TRUNCATED -> truncated(bytes(message));
                case WRONG_TYPE -> wrongType(message);
                case MISSING_FIELD -> missingField(message);
                case NON_FINITE -> nonFinite(message);
                case EXTREME_TIME -> extremeTime(message);
                case LABEL_BEFORE_EVENT -> bytes(labelBeforeEvent(message));
                case HUGE_STRING -> bytes(hugeString(message));
                case EMPTY_ID -> bytes(message.put("eventId", ""));
            };
            boolean ok = kind.validEverywhere() || alsoValid.contains(kind);
            String eventId = ok ? message.get("eventId").asText() : null;
            if (kind == FuzzKind.VALID) {
                validIds.add(eventId);
            }
            records.add(new FuzzedRecord(i, kind, value, ok, eventId));
        }
        return records;
    }

    private FuzzKind pick(List<FuzzKind> bad, boolean firstValidNeeded) {
        int dice = random.nextInt(100);
        if (firstValidNeeded || dice < 33) {
            return FuzzKind.VALID;
        }
        if (dice < 45) {
            return List.of(FuzzKind.DUPLICATE_ID, FuzzKind.EXTREME_VALUE, FuzzKind.OLD_TIME).get(random.nextInt(3));
        }
        return bad.get(random.nextInt(bad.size()));
    }

    private ObjectNode extremeValue(ObjectNode message) {
        double[] extremes = {1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.0, -0.0};
        ((ObjectNode) message.get("features")).put(someFeature(message), extremes[random.nextInt(extremes.length)]);
        return message;
    }

    private static ObjectNode shiftTimes(ObjectNode message, int years) {
        for (String field : List.of("eventTime", "labelTime")) {
            if (message.has(field)) {
                Instant at = Instant.parse(message.get(field).asText());
                message.put(field, at.atOffset(ZoneOffset.UTC).minusYears(years).toInstant().toString());
            }
        }
        return message;
    }

    private byte[] truncated(byte[] whole) {
        byte[] cut = new byte[1 + random.nextInt(whole.length - 1)];
        System.arraycopy(whole, 0, cut, 0, cut.length);
        return cut;
    }

    private byte[] wrongType(ObjectNode message) {
        String[] wrong = {"{}", "[1,2]", "\"yesterday\"", "true"};
        switch (random.nextInt(6)) {
            case 0 -> message.put(pickOf(message, "eventId", "featureSet", "entityId", "label"), RAW + wrong[random.nextInt(2)]);
            case 1 -> message.put("eventTime", RAW + wrong[random.nextInt(3)]);
            case 2 -> message.put("features", RAW + List.of("\"x\"", "[1,2]", "5", "true").get(random.nextInt(4)));
            case 3 -> ((ObjectNode) message.get("features")).put(someFeature(message),
                    RAW + List.of("\"abc\"", "{}", "[1]", "true").get(random.nextInt(4)));
            case 4 -> message.put("schemaVersion", RAW + List.of("\"one\"", "{}", "[1]").get(random.nextInt(3)));
            default -> message.put(pickOf(message, "eventTime", "labelTime"), RAW + wrong[random.nextInt(3)]);
        }
        return raw(message);
    }

    private byte[] missingField(ObjectNode message) {
        String field = pickOf(message, "eventId", "featureSet", "entityId", "eventTime", "features", "label", "labelTime");
        if (random.nextBoolean()) {
            message.remove(field);
        } else {
            message.putNull(field);
        }
        return bytes(message);
    }

    private byte[] nonFinite(ObjectNode message) {
        ((ObjectNode) message.get("features")).put(someFeature(message),
                RAW + List.of("1e999", "-1e999", "\"NaN\"", "\"Infinity\"", "null").get(random.nextInt(5)));
        return raw(message);
    }

    private byte[] extremeTime(ObjectNode message) {
        String time = List.of("10000000000000000", "-9223372036854775808", "\"2300-01-01T00:00:00Z\"",
                "\"-5000-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"").get(random.nextInt(5));
        message.put("eventTime", RAW + time);
        if (message.has("labelTime")) {
            message.put("labelTime", RAW + time);
        }
        return raw(message);
    }

    private static ObjectNode labelBeforeEvent(ObjectNode message) {
        Instant event = Instant.parse(message.get("eventTime").asText());
        message.put("labelTime", event.minusSeconds(3600).toString());
        return message;
    }

    private ObjectNode hugeString(ObjectNode message) {
        String huge = "x".repeat(300 + random.nextInt(64 * 1024));
        if (random.nextInt(4) == 0) {
            ((ObjectNode) message.get("features")).put(huge, 1.0);
        } else {
            message.put(pickOf(message, "eventId", "entityId", "featureSet", "label"), huge);
        }
        return message;
    }

    private String someFeature(ObjectNode message) {
        List<String> names = new ArrayList<>();
        message.get("features").fieldNames().forEachRemaining(names::add);
        return names.get(random.nextInt(names.size()));
    }

    /** One of {@code fields} the message has. */
    private String pickOf(ObjectNode message, String... fields) {
        List<String> present = new ArrayList<>();
        for (String field : fields) {
            if (message.has(field)) {
                present.add(field);
            }
        }
        return present.get(random.nextInt(present.size()));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message with every placeholder string replaced by its raw token. */
    private static byte[] raw(ObjectNode message) {
        String text = new String(bytes(message), StandardCharsets.UTF_8);
        return text.replaceAll("\"\\\\u0001raw\\\\u0001((?:[^\"\\\\]|\\\\.)*)\"", "$1").replace("\\\"", "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Every kind a consumer could be asked to accept beyond the universal ones. */
    public static Set<FuzzKind> none() {
        return EnumSet.noneOf(FuzzKind.class);
    }
}

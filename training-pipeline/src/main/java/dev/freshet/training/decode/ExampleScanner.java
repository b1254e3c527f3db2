package dev.freshet.training.decode;

import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Reads a labelled example in the form producers write it straight from its bytes into a feature array. Decoding
 * was the trainer's largest cost, and Jackson's tokenizer alone cost more than reading the bytes here does
 * (docs/benchmark-history.md).
 * <p>
 * It accepts only a narrow, unambiguous subset of JSON: the message's eight fields once each, strings of printable
 * ASCII without escapes, numbers in JSON's own grammar, whitespace between tokens. For anything else — poison, an
 * escape, a field it does not know, a duplicate, a null — it answers null and the record takes the message reader
 * ({@link ExampleDecoder#decodeFully}), which accepts, refuses and words reasons. Decimals are read by the library
 * Jackson's own fast double parsing is built on, straight from the bytes; both round correctly, so both read the same
 * values. Stateless: safe on several decoding threads.
 */
final class ExampleScanner {

    private static final String[] FIELDS = {"eventId", "featureSet", "schemaVersion", "entityId", "eventTime",
            "labelTime", "features", "label"};
    private static final int EVENT_ID = 0;
    private static final int FEATURE_SET = 1;
    private static final int SCHEMA_VERSION = 2;
    private static final int ENTITY_ID = 3;
    private static final int EVENT_TIME = 4;
    private static final int LABEL_TIME = 5;
    private static final int FEATURES = 6;
    private static final int LABEL = 7;
    private static final int ALL_FIELDS = (1 << FIELDS.length) - 1;
    private static final ScanNames FIELD_NAMES = new ScanNames(List.of(FIELDS));

    private final String[] names;
    private final ScanNames featureNames;
    /** Declared features known only once the label is: read past; any other name is for the message reader. */
    private final ScanNames laterFeatureNames;
    private final byte[] featureSet;
    private final String[] labels;
    private final ScanNames labelNames;
    private final MessageLimits limits;

    /**
     * @param names      the prediction features, in the order of the feature array (the array is shared by every
     *                   example)
     * @param featureSet the feature set's name
     * @param labels     the labels a model knows
     * @param limits     bounds of times, ids and names: a record outside them is left to the message reader, which
     *                   words the reason
     */
    ExampleScanner(String[] names, List<String> laterFeatures, String featureSet, List<String> labels,
                   MessageLimits limits) {
        this.limits = limits;
        this.names = names;
        this.featureNames = new ScanNames(List.of(names));
        this.laterFeatureNames = new ScanNames(laterFeatures);
        this.featureSet = featureSet.getBytes(StandardCharsets.UTF_8);
        this.labels = labels.toArray(String[]::new);
        this.labelNames = new ScanNames(labels);
    }

    /** The example, or null when the record is not in the narrow form read here (not necessarily poison). */
    ExampleDecoder.Decoded scan(byte[] json) {
        ScanCursor c = new ScanCursor(json);
        double[] values = new double[names.length];
        boolean[] seen = new boolean[names.length];
        int fields = 0;
        int features = 0;
        int found = 0;
        String label = null;
        Instant eventTime = null;
        Instant labelTime = null;
        if (c.next() != '{') {
            return null;
        }
        c.pos++;
        do {
            if (c.next() != '"') {
                return null;
            }
            // Producers write the fields in the record's order: the expected one is matched whole, else looked up.
            int expected = Integer.numberOfTrailingZeros(~fields);
            int field;
            if (expected < FIELDS.length && c.name(FIELD_NAMES.bytes(expected))) {
                field = expected;
            } else if (c.string()) {
                field = FIELD_NAMES.find(json, c.start, c.end, c.hash);
            } else {
                return null;
            }
            if (field < 0 || (fields & (1 << field)) != 0 || !c.colon()) {
                return null;
            }
            fields |= 1 << field;
            switch (field) {
                case EVENT_ID, ENTITY_ID -> {
                    if (c.next() != '"' || !c.string() || c.end - c.start > MessageLimits.MAX_ID_LENGTH
                            || (field == EVENT_ID && c.end == c.start)) {
                        return null;
                    }
                }
                case FEATURE_SET -> {
                    if (c.next() != '"' || !c.string() || !ScanNames.equal(featureSet, json, c.start, c.end)) {
                        return null;
                    }
                }
                case LABEL -> {
                    int index = c.next() == '"' && c.string() ? labelNames.find(json, c.start, c.end, c.hash) : -1;
                    if (index < 0) {
                        return null;
                    }
                    label = labels[index];
                }
                case EVENT_TIME, LABEL_TIME -> {
                    if (c.next() != '"' || !c.string()) {
                        return null;
                    }
                    Instant time = Messages.parseUtcInstant(new String(json, c.start, c.end - c.start,
                            StandardCharsets.US_ASCII));
                    if (time == null) {
                        return null;
                    }
                    if (field == EVENT_TIME) {
                        eventTime = time;
                    } else {
                        labelTime = time;
                    }
                }
                case SCHEMA_VERSION -> {
                    // An int: at most nine digits, no fraction or exponent.
                    if (!c.number() || !c.integral || c.end - c.start > (json[c.start] == '-' ? 10 : 9)) {
                        return null;
                    }
                }
                default -> { // FEATURES
                    if (c.next() != '{') {
                        return null;
                    }
                    c.pos++;
                    if (c.next() == '}') {
                        return null; // none: the message reader names the problem
                    }
                    do {
                        if (c.next() != '"') {
                            return null;
                        }
                        int index;
                        if (features < names.length && c.name(featureNames.bytes(features))) {
                            index = features; // in the feature set's order, as producers write them
                        } else if (c.string() && c.end - c.start <= MessageLimits.MAX_NAME_LENGTH) {
                            index = featureNames.find(json, c.start, c.end, c.hash);
                            if (index < 0 && laterFeatureNames.find(json, c.start, c.end, c.hash) < 0) {
                                return null; // not declared: the message reader words why it is refused
                            }
                        } else {
                            return null;
                        }
                        if (!c.colon() || !c.number()) {
                            return null;
                        }
                        double v = c.value();
                        if (!Double.isFinite(v)) {
                            return null;
                        }
                        features++;
                        if (index >= 0) {
                            if (seen[index]) {
                                return null; // a duplicate: the message reader decides which counts
                            }
                            seen[index] = true;
                            values[index] = v;
                            found++;
                        }
                    } while (c.separator('}'));
                    if (c.failed) {
                        return null;
                    }
                }
            }
        } while (c.separator('}'));
        if (c.failed || c.next() != -1 || fields != ALL_FIELDS || found != names.length || label.isBlank()
                || labelTime.isBefore(eventTime) || features > MessageLimits.MAX_FEATURES) {
            return null;
        }
        // Four-digit years: within a long of milliseconds. Out of bounds is for the message reader to word.
        long eventMillis = eventTime.toEpochMilli();
        long labelMillis = labelTime.toEpochMilli();
        long now = System.currentTimeMillis();
        if (!limits.accepts(eventMillis, now) || !limits.accepts(labelMillis, now)) {
            return null;
        }
        return new ExampleDecoder.Decoded(new LabelledExample(new FeatureVector(names, values), label), null,
                eventMillis, labelMillis);
    }
}

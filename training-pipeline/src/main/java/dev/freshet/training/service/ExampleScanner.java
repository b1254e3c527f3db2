package dev.freshet.training.service;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
    private static final Names FIELD_NAMES = new Names(List.of(FIELDS));
    /** Longer numbers are left to the message reader (Jackson then reads big integers and decimals its own way). */
    private static final int MAX_NUMBER = 64;
    private static final int MAX_EXACT_INT_DIGITS = 18;

    private final String[] names;
    private final Names featureNames;
    private final byte[] featureSet;
    private final String[] labels;
    private final Names labelNames;
    private final MessageLimits limits;

    /**
     * @param names      the prediction features, in the order of the feature array (the array is shared by every
     *                   example)
     * @param featureSet the feature set's name
     * @param labels     the labels a model knows
     * @param limits     bounds of times, ids and names: a record outside them is left to the message reader, which
     *                   words the reason
     */
    ExampleScanner(String[] names, String featureSet, List<String> labels, MessageLimits limits) {
        this.limits = limits;
        this.names = names;
        this.featureNames = new Names(List.of(names));
        this.featureSet = featureSet.getBytes(StandardCharsets.UTF_8);
        this.labels = labels.toArray(String[]::new);
        this.labelNames = new Names(labels);
    }

    /** The example, or null when the record is not in the narrow form read here (not necessarily poison). */
    ExampleDecoder.Decoded scan(byte[] json) {
        Cursor c = new Cursor(json);
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
                    if (c.next() != '"' || !c.string() || !equal(featureSet, json, c.start, c.end)) {
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

    private static boolean equal(byte[] expected, byte[] json, int start, int end) {
        if (expected == null || expected.length != end - start) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != json[start + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Names looked up by their bytes without making a string: an open-addressing table keyed by the hash
     * {@link String#hashCode()} gives, which the cursor computes over a string's bytes as it reads them. A name that
     * is not printable ASCII is left out (never found: such records take the message reader).
     */
    private static final class Names {
        private final byte[][] bytes;
        private final int[] slots; // index + 1, 0 for empty
        private final int mask;

        Names(List<String> names) {
            bytes = bytesOf(names);
            mask = Integer.highestOneBit(Math.max(1, names.size()) * 4) - 1;
            slots = new int[mask + 1];
            for (int i = 0; i < names.size(); i++) {
                if (bytes[i] == null) {
                    continue;
                }
                int slot = names.get(i).hashCode() & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i + 1;
            }
        }

        /** The bytes of the name at {@code index}; null for one never found (not printable ASCII without escapes). */
        byte[] bytes(int index) {
            return bytes[index];
        }

        private static byte[][] bytesOf(List<String> names) {
            byte[][] bytes = new byte[names.size()][];
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')) {
                    bytes[i] = name.getBytes(StandardCharsets.US_ASCII);
                }
            }
            return bytes;
        }

        /** The position of the name in {@code json[start, end)} (whose hash is {@code hash}), or -1. */
        int find(byte[] json, int start, int end, int hash) {
            for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                int index = slots[slot] - 1;
                if (equal(bytes[index], json, start, end)) {
                    return index;
                }
            }
            return -1;
        }
    }

    /** A position in one record's bytes and the span of the last string or number read. */
    private static final class Cursor {
        private final byte[] json;
        int pos;
        int start;
        int end;
        /** Of the last string read: its {@link String#hashCode()}, computed over its (ASCII) bytes. */
        int hash;
        boolean integral;
        boolean failed;

        Cursor(byte[] json) {
            this.json = json;
        }

        /** The next byte that is not JSON whitespace (not consumed), or -1 at the end. */
        int next() {
            byte[] in = json;
            int p = pos;
            while (p < in.length) {
                byte b = in[p];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    pos = p;
                    return b;
                }
                p++;
            }
            pos = p;
            return -1;
        }

        /** At a quote: reads a string of printable ASCII without escapes (and its hash); false for anything else. */
        boolean string() {
            byte[] in = json;
            int p = pos + 1;
            int h = 0;
            start = p;
            while (p < in.length) {
                byte b = in[p];
                if (b == '"') {
                    end = p;
                    hash = h;
                    pos = p + 1;
                    return true;
                }
                if (b < 0x20 || b == '\\' || b == 0x7f) { // control, escape, or not ASCII (negative)
                    return false;
                }
                h = 31 * h + b;
                p++;
            }
            return false;
        }

        /**
         * At a quote: true, and past it, when the string there is exactly {@code name} (printable ASCII without
         * quotes or escapes, so the bytes decide); false, and nothing consumed, otherwise.
         */
        boolean name(byte[] name) {
            if (name == null) {
                return false;
            }
            int from = pos + 1;
            int to = from + name.length;
            if (to >= json.length || json[to] != '"' || !Arrays.equals(json, from, to, name, 0, name.length)) {
                return false;
            }
            start = from;
            end = to;
            pos = to + 1;
            return true;
        }

        boolean colon() {
            if (next() != ':') {
                return false;
            }
            pos++;
            return true;
        }

        /** A number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
        boolean number() {
            next();
            start = pos;
            if (pos < json.length && json[pos] == '-') {
                pos++;
            }
            if (pos < json.length && json[pos] == '0') {
                pos++;
            } else if (digits() == 0) {
                return false;
            }
            integral = true;
            if (pos < json.length && json[pos] == '.') {
                pos++;
                integral = false;
                if (digits() == 0) {
                    return false;
                }
            }
            if (pos < json.length && (json[pos] == 'e' || json[pos] == 'E')) {
                pos++;
                integral = false;
                if (pos < json.length && (json[pos] == '+' || json[pos] == '-')) {
                    pos++;
                }
                if (digits() == 0) {
                    return false;
                }
            }
            end = pos;
            return end - start <= MAX_NUMBER;
        }

        private int digits() {
            byte[] in = json;
            int from = pos;
            int p = from;
            while (p < in.length && in[p] >= '0' && in[p] <= '9') {
                p++;
            }
            pos = p;
            return p - from;
        }

        /**
         * The number just read, as Jackson's parser gives it: integers converted from their exact value (so
         * {@code -0} is 0.0), decimals correctly rounded.
         */
        double value() {
            int length = end - start;
            if (integral) {
                boolean negative = json[start] == '-';
                int from = negative ? start + 1 : start;
                if (end - from > MAX_EXACT_INT_DIGITS) {
                    return Double.NaN; // leave big integers to the reader
                }
                long v = 0;
                for (int i = from; i < end; i++) {
                    v = v * 10 + (json[i] - '0');
                }
                return (double) (negative ? -v : v);
            }
            return JavaDoubleParser.parseDouble(json, start, length);
        }

        /** After a value: a comma (true: another member follows) or {@code close} (false); anything else fails. */
        boolean separator(char close) {
            int b = next();
            pos++;
            if (b == ',') {
                return true;
            }
            failed |= b != close;
            return false;
        }
    }
}

package dev.freshet.training.service;

import dev.freshet.features.FeatureSet;
import dev.freshet.features.LabelledExampleMessage;
import dev.freshet.features.MalformedMessageException;
import dev.freshet.features.Messages;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a record of {@code freshet.examples} into a learner's example over the features known at prediction
 * time (features only known later never reach a model: inference would not have them), or says why it is
 * poison: not JSON, another feature set, non-finite values, a missing feature, an unknown label.
 */
public final class ExampleDecoder {

    private final FeatureSet featureSet;
    private final String[] names;
    private final Set<String> labels;
    private final Map<String, Integer> positions = new HashMap<>();

    public ExampleDecoder(FeatureSet featureSet) {
        this.featureSet = featureSet;
        // One names array for every example: the learner maps it to its inputs once.
        this.names = featureSet.predictionFeatures().toArray(String[]::new);
        this.labels = new HashSet<>(featureSet.labels());
        for (int i = 0; i < names.length; i++) {
            positions.put(names[i], i);
        }
    }

    /** The feature set decoded. */
    public FeatureSet featureSet() {
        return featureSet;
    }

    /** The example, or the reason it is poison. */
    public Decoded decode(byte[] value) {
        if (value == null) {
            return Decoded.poison("no value (a tombstone)");
        }
        Decoded fast = decodeWellFormed(value);
        return fast != null ? fast : decodeFully(value);
    }

    /** Through the store's message reader: every form it accepts, every reason it gives. */
    Decoded decodeFully(byte[] value) {
        if (value == null) {
            return Decoded.poison("no value (a tombstone)");
        }
        LabelledExampleMessage message;
        try {
            message = Messages.fromJson(value, LabelledExampleMessage.class);
        } catch (MalformedMessageException e) {
            return Decoded.poison(e.getMessage());
        }
        return decode(message);
    }

    /** The example of a message read from Kafka or the feature store, or the reason it is poison. */
    public Decoded decode(LabelledExampleMessage message) {
        if (!featureSet.name().equals(message.featureSet())) {
            return Decoded.poison("feature set '" + message.featureSet() + "', this trainer learns '"
                    + featureSet.name() + "'");
        }
        List<String> problems = new ArrayList<>(message.problems());
        if (!labels.contains(message.label())) {
            problems.add("label '" + message.label() + "' is not one of " + featureSet.labels());
        }
        Map<String, Double> features = message.features();
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            Double v = features.get(names[i]);
            if (v == null) {
                problems.add("feature '" + names[i] + "' is missing");
            } else {
                values[i] = v;
            }
        }
        if (!problems.isEmpty()) {
            return Decoded.poison(String.join("; ", problems));
        }
        return new Decoded(new LabelledExample(new FeatureVector(names, values), message.label()), null,
                message.eventTime().toEpochMilli(), message.labelTime().toEpochMilli());
    }

    /**
     * The common case, read with Jackson's streaming parser straight into the feature array (no map, no message
     * object: decoding was half of the trainer's time): a valid example of this feature set in the form producers
     * write. Anything else — poison, nulls, another time format — returns null and takes the full path above,
     * which accepts, refuses and words reasons exactly as the store's message reader does.
     */
    private Decoded decodeWellFormed(byte[] value) {
        double[] values = new double[names.length];
        int found = 0;
        String set = null;
        String label = null;
        String eventId = null;
        String entityId = null;
        Instant eventTime = null;
        Instant labelTime = null;
        boolean version = false;
        int features = 0;
        try (JsonParser p = Messages.MAPPER.getFactory().createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "eventId" -> eventId = text(p, token);
                    case "featureSet" -> set = text(p, token);
                    case "entityId" -> entityId = text(p, token);
                    case "label" -> label = text(p, token);
                    case "eventTime" -> eventTime = time(p, token);
                    case "labelTime" -> labelTime = time(p, token);
                    case "schemaVersion" -> {
                        if (token != JsonToken.VALUE_NUMBER_INT) {
                            return null;
                        }
                        version = true;
                    }
                    case "features" -> {
                        if (token != JsonToken.START_OBJECT) {
                            return null;
                        }
                        // A second "features" replaces the first, as in Jackson.
                        Arrays.fill(values, 0);
                        found = 0;
                        features = 0;
                        boolean[] seen = new boolean[names.length];
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            Integer index = positions.get(p.currentName());
                            JsonToken number = p.nextToken();
                            if (number != JsonToken.VALUE_NUMBER_FLOAT && number != JsonToken.VALUE_NUMBER_INT) {
                                return null;
                            }
                            double v = p.getDoubleValue();
                            if (!Double.isFinite(v)) {
                                return null;
                            }
                            features++;
                            if (index != null) {
                                values[index] = v;
                                if (!seen[index]) {
                                    seen[index] = true;
                                    found++;
                                }
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (eventId == null || entityId == null || set == null || label == null || eventTime == null
                || labelTime == null || !version || features == 0 || found != names.length || label.isBlank()
                || labelTime.isBefore(eventTime) || !featureSet.name().equals(set) || !labels.contains(label)) {
            return null;
        }
        return new Decoded(new LabelledExample(new FeatureVector(names, values), label), null,
                eventTime.toEpochMilli(), labelTime.toEpochMilli());
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static Instant time(JsonParser p, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_STRING ? Messages.parseUtcInstant(p.getText()) : null;
    }

    /**
     * A decoded record: the example with when its features were observed and its label became known, or the
     * reason it was refused.
     *
     * @param example     null when poison
     * @param poison      the reason, or null
     * @param eventMillis the example's event time, epoch milliseconds (0 when poison)
     * @param labelMillis its label time, epoch milliseconds (0 when poison)
     */
    public record Decoded(LabelledExample example, String poison, long eventMillis, long labelMillis) {
        static Decoded poison(String reason) {
            return new Decoded(null, reason, 0, 0);
        }

        public boolean isPoison() {
            return poison != null;
        }
    }
}

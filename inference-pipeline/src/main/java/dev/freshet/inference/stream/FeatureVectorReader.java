package dev.freshet.inference.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The common case of {@code freshet.features}, read with Jackson's streaming parser straight into a row in the
 * served schema's order (no map, no message object: reading and writing messages were most of this path's time):
 * a well-formed vector of the feature set served, every feature present, finite and known. Anything else returns
 * null and takes the message reader, which accepts, refuses and words reasons as everywhere else.
 */
final class FeatureVectorReader {

    /** A vector read: its fields as the prediction repeats them, and its row. */
    record Read(String eventId, String featureSet, int schemaVersion, String entityId, String eventTime, double[] row) {}

    private final String featureSet;
    private final Map<String, Integer> positions = new HashMap<>();
    private final int width;
    private final MessageLimits limits;

    /**
     * For vectors of {@code featureSet} with exactly {@code features}, rows in that order; one out of
     * {@code limits} is left to the message reader, which words the reason.
     */
    FeatureVectorReader(String featureSet, List<String> features, MessageLimits limits) {
        this.featureSet = featureSet;
        this.limits = limits;
        this.width = features.size();
        for (int i = 0; i < features.size(); i++) {
            positions.put(features.get(i), i);
        }
    }

    /** The vector, or null when it is not the common well-formed case. */
    Read read(byte[] value) {
        if (value == null) {
            return null;
        }
        double[] row = new double[width];
        String eventId = null;
        String set = null;
        String entityId = null;
        String eventTime = null;
        int version = 0;
        boolean hasVersion = false;
        boolean hasFeatures = false;
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
                    case "eventTime" -> {
                        eventTime = text(p, token);
                        Instant time = eventTime == null ? null : Messages.parseUtcInstant(eventTime);
                        if (time == null || !limits.accepts(time.toEpochMilli(), System.currentTimeMillis())) {
                            return null;
                        }
                    }
                    case "schemaVersion" -> {
                        if (token != JsonToken.VALUE_NUMBER_INT || hasVersion) {
                            return null;
                        }
                        version = p.getIntValue();
                        hasVersion = true;
                    }
                    case "features" -> {
                        if (token != JsonToken.START_OBJECT || hasFeatures || !readFeatures(p, row)) {
                            return null;
                        }
                        hasFeatures = true;
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
        if (eventId == null || entityId == null || eventTime == null || !hasVersion || !hasFeatures
                || !featureSet.equals(set) || eventId.isBlank() || eventId.length() > MessageLimits.MAX_ID_LENGTH
                || entityId.length() > MessageLimits.MAX_ID_LENGTH) {
            return null;
        }
        return new Read(eventId, set, version, entityId, eventTime, row);
    }

    /** Every known feature once, each a finite number; false otherwise. */
    private boolean readFeatures(JsonParser p, double[] row) throws IOException {
        boolean[] seen = new boolean[width];
        int found = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Integer index = positions.get(p.currentName());
            JsonToken number = p.nextToken();
            if (index == null || seen[index]
                    || (number != JsonToken.VALUE_NUMBER_FLOAT && number != JsonToken.VALUE_NUMBER_INT)) {
                return false;
            }
            double v = p.getDoubleValue();
            if (!Double.isFinite(v)) {
                return false;
            }
            row[index] = v;
            seen[index] = true;
            found++;
        }
        return found == width;
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_STRING ? p.getText() : null;
    }
}

package dev.freshet.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A message's feature values, immutable and in their producer's order, together with the JSON text they were read
 * from when they were read from bytes, so that the feature store can keep that text instead of printing every number
 * again (printing doubles was a large share of the sink's CPU). Equal to any map with the same values.
 */
final class ReadFeatures extends AbstractMap<String, Double> {

    /** The reader attribute under which {@link Messages#fromJson} passes the message's bytes. */
    static final Object SOURCE = ReadFeatures.class;

    private final Map<String, Double> values;
    private final String json;

    private ReadFeatures(Map<String, Double> values, String json) {
        this.values = Collections.unmodifiableMap(values);
        this.json = json;
    }

    /**
     * {@code features}, immutable, in its own iteration order; null names or values are refused as {@link Map#copyOf}
     * refuses them. Order matters to readers only for speed: the trainer's scanner matches names in the feature set's
     * order first, and {@code Map.copyOf}'s order is a hash's (784 pixels then took a table lookup each). Values of
     * this class are returned as they are: an image's features go into two or three messages.
     */
    static Map<String, Double> copyOf(Map<String, Double> features) {
        if (features instanceof ReadFeatures) {
            return features;
        }
        Map<String, Double> copy = new LinkedHashMap<>((int) (features.size() / 0.75f) + 1);
        features.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "feature name"),
                Objects.requireNonNull(value, "feature value")));
        return new ReadFeatures(copy, null);
    }

    /** The JSON object these values were read from, or null when the bytes were not at hand. */
    String json() {
        return json;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return values.entrySet();
    }

    @Override
    public Double get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    /** An object of feature names to numbers; null, strings and nested values are refused. */
    static final class Deserializer extends JsonDeserializer<Map<String, Double>> {

        @Override
        public Map<String, Double> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (Map<String, Double>) ctxt.handleUnexpectedToken(Map.class, p);
            }
            long start = p.currentTokenLocation().getByteOffset();
            Map<String, Double> values = new LinkedHashMap<>();
            for (JsonToken token = p.nextToken(); token != JsonToken.END_OBJECT; token = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_NUMBER_INT) {
                    return (Map<String, Double>) ctxt.reportInputMismatch(Double.class,
                            "feature '%s' is %s, not a number", name, p.getText());
                }
                values.put(name, p.getDoubleValue());
            }
            byte[] source = (byte[]) ctxt.getAttribute(SOURCE);
            long end = p.currentLocation().getByteOffset();
            String json = source == null || start < 0 || end > source.length ? null
                    : new String(source, (int) start, (int) (end - start), StandardCharsets.UTF_8);
            return new ReadFeatures(values, json);
        }
    }
}

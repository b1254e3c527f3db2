package dev.freshet.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON of the message records: ISO-8601 times, unknown fields ignored (newer producers), non-finite numbers
 * refused. The Quarkus services use the same mapper configuration in their serdes.
 */
public final class Messages {

    /** Shared and thread-safe. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // After the time module, so that it takes precedence for Instant.
            .addModule(new SimpleModule("freshet-utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            // Java 17's own double parsing and printing dominated the sink's profile: Jackson's are several times faster.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final TypeReference<Map<String, Double>> FEATURE_MAP = new TypeReference<>() {};
    /** One reader per message type: creating one per message showed in the trainer's profile. */
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private Messages() {}

    public static byte[] toJson(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The instant of the UTC form producers write ({@code 2026-11-02T08:00:00.123Z}) without DateTimeFormatter, or
     * null for any other form (which {@link #fromJson} still reads or refuses as Jackson does).
     */
    public static Instant parseUtcInstant(String text) {
        return UtcInstantDeserializer.parseUtc(text);
    }

    /** Reads a message, refusing anything malformed with a reason a dead-letter record can carry. */
    public static <T> T fromJson(byte[] json, Class<T> type) {
        try {
            // The bytes go along so that feature values can keep the text they were read from.
            ObjectReader reader = READERS.computeIfAbsent(type, MAPPER::readerFor);
            return reader.withAttribute(ReadFeatures.SOURCE, json).readValue(json);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Feature values as a JSON object, as the store keeps them: the text they were read from, when known. */
    public static String featuresToJson(Map<String, Double> features) {
        if (features instanceof ReadFeatures read && read.json() != null) {
            return read.json();
        }
        try {
            return MAPPER.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Double> featuresFromJson(String json) {
        try {
            return MAPPER.readValue(json, FEATURE_MAP);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

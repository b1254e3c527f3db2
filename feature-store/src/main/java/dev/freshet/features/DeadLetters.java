package dev.freshet.features;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every Freshet dead letter carries: why the record was refused and where it stood. The sink
 * ({@code freshet.examples.dlq}) and the trainer ({@code freshet.training.dlq}) write the same ones.
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetters() {}

    /** Header name to UTF-8 value, in a fixed order. */
    public static Map<String, byte[]> headers(String topic, int partition, long offset, String reason) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.put(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.put(PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.put(OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}

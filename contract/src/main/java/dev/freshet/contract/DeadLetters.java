package dev.freshet.contract;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The headers every Freshet dead letter carries: why the record was refused and where it stood, and how a
 * service sends one. The sink ({@code freshet.examples.dlq}), the trainer ({@code freshet.training.dlq}) and
 * inference ({@code freshet.inference.dlq}) write the same ones.
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** Present when the payload was cut: the original payload's length in bytes. */
    public static final String TRUNCATED = "dead-letter-truncated";
    /**
     * Longest reason kept, in UTF-8 bytes: a reason may repeat what the record carried (names, labels), and a dead
     * letter over the producer's request limit would fail to send and stop the sender.
     */
    public static final int MAX_REASON_BYTES = 4_096;
    /** Longest payload kept, in bytes: half the producers' default request limit of 1 MiB, headers beside it. */
    public static final int MAX_PAYLOAD_BYTES = 512 * 1024;

    private DeadLetters() {}

    /** Header name to UTF-8 value, in a fixed order; the reason cut to {@value #MAX_REASON_BYTES} bytes. */
    public static Map<String, byte[]> headers(String topic, int partition, long offset, String reason) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(REASON, cut(reason));
        headers.put(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.put(PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.put(OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /**
     * Sends a refused record, its key and value as they came, to a dead-letter channel with its reason and
     * position. Completes when the broker acknowledged it, or exceptionally: whoever commits the record's offset
     * waits for it first, so no dead letter is lost.
     */
    public static <K> CompletableFuture<Void> send(Emitter<byte[]> channel, ConsumerRecord<K, byte[]> record,
                                                   String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers(record.topic(), record.partition(), record.offset(), reason).forEach(headers::add);
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            headers.add(TRUNCATED, Integer.toString(payload.length).getBytes(StandardCharsets.UTF_8));
            payload = java.util.Arrays.copyOf(payload, MAX_PAYLOAD_BYTES);
        }
        OutgoingKafkaRecordMetadata<K> metadata = OutgoingKafkaRecordMetadata.<K>builder()
                .withKey(record.key()).withHeaders(headers).build();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        channel.send(Message.of(payload, Metadata.of(metadata),
                () -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return sent;
    }

    /** Longest reason written to a log line: a record must not decide how much a service logs. */
    public static final int MAX_LOGGED_REASON = 400;

    /** {@code reason} as a log line shows it: cut to {@value #MAX_LOGGED_REASON} characters, its length said. */
    public static String forLog(String reason) {
        return reason.length() <= MAX_LOGGED_REASON ? reason
                : reason.substring(0, MAX_LOGGED_REASON) + "… (" + reason.length() + " characters)";
    }

    /** The reason's UTF-8 bytes, at most {@value #MAX_REASON_BYTES} of them, cut between characters. */
    static byte[] cut(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return bytes;
        }
        byte[] marker = " … (cut)".getBytes(StandardCharsets.UTF_8);
        int end = MAX_REASON_BYTES - marker.length;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) { // not inside a character's bytes
            end--;
        }
        byte[] cut = java.util.Arrays.copyOf(bytes, end + marker.length);
        System.arraycopy(marker, 0, cut, end, marker.length);
        return cut;
    }
}

package dev.freshet.features;

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

    /**
     * Sends a refused record, its key and value as they came, to a dead-letter channel with its reason and
     * position. Completes when the broker acknowledged it, or exceptionally: whoever commits the record's offset
     * waits for it first, so no dead letter is lost.
     */
    public static <K> CompletableFuture<Void> send(Emitter<byte[]> channel, ConsumerRecord<K, byte[]> record,
                                                   String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers(record.topic(), record.partition(), record.offset(), reason).forEach(headers::add);
        OutgoingKafkaRecordMetadata<K> metadata = OutgoingKafkaRecordMetadata.<K>builder()
                .withKey(record.key()).withHeaders(headers).build();
        CompletableFuture<Void> sent = new CompletableFuture<>();
        channel.send(Message.of(record.value() == null ? new byte[0] : record.value(), Metadata.of(metadata),
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
}

package dev.freshet.pipeline.sink;

import dev.freshet.features.LabelledExampleMessage;
import dev.freshet.features.MalformedMessageException;
import dev.freshet.features.Messages;
import dev.freshet.features.store.FeatureStore;
import dev.freshet.features.store.FeatureStoreException;
import dev.freshet.features.store.KafkaPosition;
import dev.freshet.features.store.StoredExample;
import dev.freshet.pipeline.config.PipelineConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Consumes {@code freshet.examples} in polled batches and appends each batch to the feature store in one
 * transaction, idempotent on (topic, partition, offset): redelivery after a restart stores nothing twice,
 * and the offsets are committed only after the batch is stored (at least once, nothing lost). A record
 * that is not a valid example goes to {@code freshet.examples.dlq} with the reason and is counted. While
 * the database is unreachable the sink waits and tries again; the consumer falls behind, nothing is skipped.
 */
@ApplicationScoped
public class ExampleSink {

    public static final String CHANNEL = "examples-in";
    public static final String DEAD_LETTERS = "examples-dlq";
    private static final Logger LOG = Logger.getLogger(ExampleSink.class);

    private final FeatureStore store;
    private final PipelineConfig.Sink config;
    private final Emitter<byte[]> deadLetters;
    private final Counter stored;
    private final Counter poison;

    public ExampleSink(FeatureStore store, PipelineConfig config, @Channel(DEAD_LETTERS) Emitter<byte[]> deadLetters,
                       MeterRegistry meters) {
        this.store = store;
        this.config = config.sink();
        this.deadLetters = deadLetters;
        this.stored = meters.counter("freshet.sink.examples.stored");
        this.poison = meters.counter("freshet.sink.examples.dead.lettered");
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void store(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<StoredExample> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            KafkaPosition position = new KafkaPosition(record.topic(), record.partition(), record.offset());
            try {
                LabelledExampleMessage example = Messages.fromJson(record.value(), LabelledExampleMessage.class);
                List<String> problems = example.problems();
                if (!problems.isEmpty()) {
                    deadLetter(record, String.join("; ", problems));
                    continue;
                }
                batch.add(new StoredExample(example, position));
            } catch (MalformedMessageException e) {
                deadLetter(record, e.getMessage());
            }
        }
        appendUntilStored(batch);
    }

    private void appendUntilStored(List<StoredExample> batch) throws InterruptedException {
        Duration delay = Duration.ofMillis(200);
        for (int attempt = 1; ; attempt++) {
            try {
                int inserted = store.append(batch);
                stored.increment(inserted);
                if (attempt > 1) {
                    LOG.infof("Feature store reachable again after %d attempts; stored the waiting batch", attempt);
                }
                return;
            } catch (FeatureStoreException e) {
                LOG.warnf("Feature store unreachable (%s); batch of %d examples waits, retry in %d ms",
                        e.getMessage(), batch.size(), delay.toMillis());
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2).compareTo(config.maxRetryDelay()) > 0 ? config.maxRetryDelay()
                        : delay.multipliedBy(2);
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        poison.increment();
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        // Waits for the broker: a dead letter must not be lost when the offsets are committed.
        CompletableFuture<Void> sent = new CompletableFuture<>();
        deadLetters.send(Message.of(record.value() == null ? new byte[0] : record.value(), Metadata.of(metadata),
                () -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        sent.join();
    }
}

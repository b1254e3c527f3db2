package dev.freshet.pipeline.sink;

import dev.freshet.features.LabelledExampleMessage;
import dev.freshet.features.MalformedMessageException;
import dev.freshet.features.Messages;
import dev.freshet.features.store.FeatureStore;
import dev.freshet.features.store.FeatureStoreException;
import dev.freshet.features.store.KafkaPosition;
import dev.freshet.features.store.StoredExample;
import dev.freshet.pipeline.config.PipelineConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.common.TopicPartition;
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
 * Consumes {@code freshet.examples} in polled batches and appends each batch to the feature store (each
 * partition's records in one transaction, partitions in parallel), idempotent on (topic, partition,
 * offset): redelivery after a restart stores nothing twice, and the offsets are committed only after the
 * batch is stored (at least once, nothing lost). A record that is not a valid example goes to
 * {@code freshet.examples.dlq} with the reason and is counted. While the database is unreachable the sink
 * waits and tries again; the consumer falls behind, nothing is skipped.
 */
@ApplicationScoped
public class ExampleSink {

    public static final String CHANNEL = "examples-in";
    public static final String DEAD_LETTERS = "examples-dlq";
    private static final Logger LOG = Logger.getLogger(ExampleSink.class);

    private final FeatureStore store;
    private final PipelineConfig.Sink config;
    private final Emitter<byte[]> deadLetters;
    // Counted here and read by the meters: increments made before the metrics registry is bound are kept.
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong poison = new AtomicLong();
    private final ExecutorService partitionWorkers;

    public ExampleSink(FeatureStore store, PipelineConfig config, @Channel(DEAD_LETTERS) Emitter<byte[]> deadLetters,
                       MeterRegistry meters) {
        this.store = store;
        this.config = config.sink();
        this.deadLetters = deadLetters;
        FunctionCounter.builder("freshet.sink.examples.stored", stored, AtomicLong::get).register(meters);
        FunctionCounter.builder("freshet.sink.examples.dead.lettered", poison, AtomicLong::get).register(meters);
        this.partitionWorkers = Executors.newFixedThreadPool(this.config.writers(), runnable -> {
            Thread thread = new Thread(runnable, "freshet-sink-partition");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stopWorkers() {
        partitionWorkers.shutdownNow();
    }

    /**
     * One polled batch: each partition's records are decoded and stored on a worker of their own (a
     * partition's records in order, in one transaction); the batch is done, and its offsets may be
     * committed, only when every partition's records are stored.
     */
    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void store(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<Future<?>> partitions = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> part = records.records(partition);
            partitions.add(partitionWorkers.submit(() -> {
                appendUntilStored(decode(part));
                return null;
            }));
        }
        try {
            for (Future<?> partition : partitions) {
                partition.get();
            }
        } catch (ExecutionException e) {
            // Not acknowledged: the connector stops on it rather than commit offsets of examples not stored.
            throw new IllegalStateException("storing a batch failed: " + e.getCause(), e.getCause());
        }
    }

    private List<StoredExample> decode(List<ConsumerRecord<String, byte[]>> records) {
        List<StoredExample> batch = new ArrayList<>(records.size());
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
        return batch;
    }

    private void appendUntilStored(List<StoredExample> batch) throws InterruptedException {
        Duration delay = Duration.ofMillis(200);
        for (int attempt = 1; ; attempt++) {
            try {
                int inserted = store.append(batch);
                stored.addAndGet(inserted);
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

    // Synchronised: partitions are decoded in parallel, and one emitter serves them all.
    private synchronized void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        poison.incrementAndGet();
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

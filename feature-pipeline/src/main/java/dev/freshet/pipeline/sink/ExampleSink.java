package dev.freshet.pipeline.sink;

import dev.freshet.contract.DeadLetters;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.MalformedMessageException;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.contract.PartitionLanes;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.FeatureStoreException;
import dev.freshet.featurestore.KafkaPosition;
import dev.freshet.featurestore.StoredExample;
import dev.freshet.pipeline.config.PipelineConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code freshet.examples} in polled batches and appends them to the feature store, idempotent on
 * (topic, partition, offset): redelivery after a restart stores nothing twice, and a batch's offsets are
 * committed only after all of it is stored (at least once, nothing lost). Each partition has a lane of its own —
 * one thread that decodes and stores that partition's part of each batch, in poll order, one transaction per
 * part, so every partition stays a contiguous prefix in the store — and the next batches are taken while the
 * slowest lane still works, up to {@value #BATCHES_IN_FLIGHT} batches. A record that is not a valid example goes
 * to {@code freshet.examples.dlq} with the reason and is counted. While the database is unreachable the lanes wait
 * and try again; the consumer falls behind, nothing is skipped.
 */
@ApplicationScoped
public class ExampleSink {

    public static final String CHANNEL = "examples-in";
    public static final String DEAD_LETTERS = "examples-dlq";
    /** Polled batches being stored at once: enough that no lane waits for another's part of the same batch. */
    static final int BATCHES_IN_FLIGHT = 3;
    /** Dead letters sent before the lane waits for their acknowledgements: the emitter's buffer is bounded. */
    static final int LETTERS_IN_FLIGHT = 64;
    private static final Logger LOG = Logger.getLogger(ExampleSink.class);

    private final FeatureStore store;
    private final PipelineConfig.Sink config;
    private final MessageLimits limits;
    private final Emitter<byte[]> deadLetters;
    // Counted here and read by the meters: increments made before the metrics registry is bound are kept.
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong poison = new AtomicLong();
    private final PartitionLanes lanes;
    // Batches handed to the lanes and not yet stored, oldest first; touched only by the (sequential) store calls.
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();

    public ExampleSink(FeatureStore store, PipelineConfig config, @Channel(DEAD_LETTERS) Emitter<byte[]> deadLetters,
                       MeterRegistry meters) {
        this.store = store;
        this.config = config.sink();
        this.limits = this.config.limits();
        this.deadLetters = deadLetters;
        FunctionCounter.builder("freshet.sink.examples.stored", stored, AtomicLong::get).register(meters);
        FunctionCounter.builder("freshet.sink.examples.dead.lettered", poison, AtomicLong::get).register(meters);
        this.lanes = new PartitionLanes(this.config.writers(), "freshet-sink-lane");
    }

    @PreDestroy
    void stopLanes() {
        lanes.close();
    }

    /**
     * Hands one polled batch to the lanes and acknowledges it once every part is stored; a part that fails
     * (never the database being down: that is waited out) nacks the batch, and the connector stops rather than
     * commit offsets of examples not stored. Returns when there is room for the next batch.
     */
    @Incoming(CHANNEL)
    public synchronized CompletionStage<Void> store(KafkaRecordBatch<byte[], byte[]> batch) {
        ConsumerRecords<byte[], byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(IncomingKafkaRecordBatchMetadata::<byte[], byte[]>getRecords)
                .orElseThrow(() -> new IllegalStateException("a batch without its Kafka records"));
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(partition);
            parts.add(CompletableFuture.runAsync(() -> {
                List<CompletableFuture<Void>> letters = new ArrayList<>();
                store(decode(part, letters));
                // Before the batch is acknowledged: a dead letter must not be lost when the offsets are committed.
                CompletableFuture.allOf(letters.toArray(CompletableFuture[]::new)).join();
            }, lanes.lane(partition)));
        }
        CompletableFuture<Void> stored = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .handle((done, failure) -> failure)
                .thenCompose(failure -> {
                    if (failure == null) {
                        return batch.ack();
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    LOG.errorf(cause, "Storing a batch failed; its offsets are not committed");
                    return batch.nack(new IllegalStateException("storing a batch failed: " + cause, cause));
                });
        inFlight.addLast(stored);
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            inFlight.removeFirst();
        }
        return inFlight.size() < BATCHES_IN_FLIGHT ? CompletableFuture.completedFuture(null)
                : inFlight.removeFirst().exceptionally(failure -> null);
    }


    /** A decoded example and the record it came from, to dead-letter should the store refuse it. */
    private record Decoded(StoredExample example, ConsumerRecord<byte[], byte[]> record) {}

    /**
     * The part's valid examples; the others dead-lettered, their sends added to {@code letters} and awaited
     * {@value #LETTERS_IN_FLIGHT} at a time (the emitter's buffer is bounded).
     */
    private List<Decoded> decode(List<ConsumerRecord<byte[], byte[]>> records, List<CompletableFuture<Void>> letters) {
        List<Decoded> batch = new ArrayList<>(records.size());
        Instant now = Instant.now();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (letters.size() >= LETTERS_IN_FLIGHT) {
                CompletableFuture.allOf(letters.toArray(CompletableFuture[]::new)).join();
                letters.clear();
            }
            KafkaPosition position = new KafkaPosition(record.topic(), record.partition(), record.offset());
            try {
                LabelledExampleMessage example = Messages.fromJson(record.value(), LabelledExampleMessage.class);
                List<String> problems = example.problems(limits, now);
                if (!problems.isEmpty()) {
                    letters.add(deadLetter(record, String.join("; ", problems)));
                    continue;
                }
                batch.add(new Decoded(new StoredExample(example, position), record));
            } catch (MalformedMessageException e) {
                letters.add(deadLetter(record, e.getMessage()));
            }
        }
        return batch;
    }

    /**
     * Stores a decoded part, waiting out the database. Should the store refuse the part for anything but the
     * database (an example it cannot hold that decoding let through), each example is stored alone and the one
     * refused is dead-lettered: one record never stops the sink.
     */
    private void store(List<Decoded> part) {
        try {
            appendUntilStored(part.stream().map(Decoded::example).toList());
        } catch (CancellationException stopped) {
            throw stopped;
        } catch (RuntimeException refused) {
            LOG.warnf("The store refused a part of %d examples (%s); storing them one by one", part.size(),
                    refused.toString());
            for (Decoded one : part) {
                try {
                    appendUntilStored(List.of(one.example()));
                } catch (CancellationException stopped) {
                    throw stopped;
                } catch (RuntimeException e) {
                    deadLetter(one.record(), "could not be stored: " + e.getMessage()).join();
                }
            }
        }
    }

    /**
     * Appends, retrying while the database fails; any other failure is the batch's own and is thrown. A loop of its
     * own rather than a fault-tolerance {@code @Retry}: an outage has no attempt limit here (the batch waits however
     * long it lasts, its offsets uncommitted), and it runs on the partition's lane, where no interceptor reaches.
     */
    private void appendUntilStored(List<StoredExample> batch) {
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
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    CancellationException stopped = new CancellationException(
                            "the sink stopped while a batch waited for the feature store");
                    stopped.initCause(e);
                    throw stopped;
                }
                delay = delay.multipliedBy(2).compareTo(config.maxRetryDelay()) > 0 ? config.maxRetryDelay()
                        : delay.multipliedBy(2);
            }
        }
    }

    // Synchronised: partitions are decoded in parallel, and one emitter serves them all.
    private synchronized CompletableFuture<Void> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        poison.incrementAndGet();
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                DeadLetters.forLog(reason));
        return DeadLetters.send(deadLetters, record, reason);
    }
}

package dev.freshet.training.loop;

import dev.freshet.contract.FeatureSet;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.training.config.TrainingConfig;
import dev.freshet.training.decode.ExampleDecoder;
import dev.freshet.training.decode.ParallelDecoder;
import dev.freshet.training.publish.ChampionGate;
import dev.freshet.training.publish.ModelPublisher;
import dev.freshet.training.publish.TrainingOutputs;
import dev.freshet.training.startup.LeaderLock;
import dev.freshet.training.startup.TrainingStartup.StartRefusedException;
import dev.freshet.training.startup.TrainingStartup;
import dev.freshet.training.status.TrainingMonitor;
import dev.freshet.training.status.TrainingStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The training protocol of one trainer process (see the README's "Training pipeline"):
 * <ol>
 *   <li>take the trainers' lock, or stand by while another trainer holds it;</li>
 *   <li>for each configured model resume from its newest registry version (weights, optimiser state, the Kafka
 *       offsets it continues from) or, with none, bootstrap from one feature-store snapshot and publish version 1
 *       with the offsets where that history ends;</li>
 *   <li>seek there (refusing to start if an offset is gone from Kafka) and test-then-train every model on each
 *       example in stream order, gathering mini-batches of at least {@code min-batch} or {@code max-wait};</li>
 *   <li>publish each model every {@code publish.every-examples} or {@code publish.interval}, and move the
 *       champion alias only through the {@link ChampionGate}.</li>
 * </ol>
 * A model's state always matches its offsets exactly, and a version records both; a crash loses only what was
 * learned since the last version, which is learned again from the same offsets. Runs on a thread of its own;
 * its state is read through {@link #status()}.
 */
public final class TrainingLoop {

    private static final Logger LOG = Logger.getLogger(TrainingLoop.class);

    private final TrainingConfig config;
    private final TrainingOutputs outputs;
    private final LeaderLock lock;
    private final DriftNews driftNews;
    private final ModelPublisher publisher;
    private final TrainingMonitor monitor;
    private final TrainingStartup startup;
    private volatile boolean running;
    private volatile boolean paused;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private List<TrainedModel> models = List.of();

    /** @param kafka every {@code kafka.*} setting of the service (servers, SASL/TLS), for the trainer's own consumer */
    public TrainingLoop(TrainingConfig config, FeatureStore store, ModelRegistry registry, TrainingOutputs outputs,
                        MeterRegistry meters, LeaderLock lock, Map<String, Object> kafka) {
        this.config = config;
        this.outputs = outputs;
        this.lock = lock;
        this.driftNews = new DriftNews(outputs);
        var driftPolicy = TrainingStartup.driftPolicy(config);
        this.publisher = new ModelPublisher(config, registry, outputs, lock, meters);
        this.monitor = new TrainingMonitor(config, meters, driftNews, driftPolicy.reaction().configName(),
                publisher::gateDecision);
        this.startup = new TrainingStartup(config, store, registry, lock, publisher, monitor, driftNews, driftPolicy,
                kafka, () -> running);
    }

    /** Starts the loop on its own thread; a second call does nothing. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "freshet-training-loop");
        thread.start();
    }

    /** Stops the loop; what was learned since the last version is not published (it is learned again). */
    public synchronized void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup(); // an interrupt would also break the consumer's close
        } else if (thread != null) {
            thread.interrupt(); // standing by or waiting: asleep
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.close();
    }

    public TrainingStatus status() {
        return monitor.status();
    }

    /**
     * Stops learning after the batch in hand: the partitions are paused, nothing is published, the positions stay.
     * Published versions, the champion and the trainers' lock are kept. Idempotent.
     */
    public void pause() {
        paused = true;
    }

    /** Learning goes on from where it paused. Idempotent. */
    public void resume() {
        paused = false;
    }

    public boolean paused() {
        return paused;
    }

    /**
     * Asks the loop to publish {@code model} now, at the end of the batch in hand, whatever its interval; the
     * future completes with the model's version afterwards (its current one when nothing was learned since) or
     * fails with why it could not publish.
     */
    public CompletableFuture<Long> requestPublish(String model) {
        return publisher.request(model);
    }

    private void run() {
        try {
            startup.takeLock();
            if (!running) {
                return;
            }
            FeatureSet featureSet = startup.awaitFeatureSet();
            publisher.featureSet(featureSet);
            ExampleDecoder decoder = new ExampleDecoder(featureSet, config.messages().limits());
            try (KafkaConsumer<byte[], byte[]> kafka = startup.newConsumer()) {
                consumer = kafka;
                List<TopicPartition> partitions = startup.awaitPartitions(kafka);
                models = startup.startModels(featureSet, decoder);
                monitor.watch(models);
                startup.seek(kafka, partitions, models);
                startup.warmSnapshots(models, featureSet);
                startup.checkRegistryWritable(models);
                monitor.state("training", "training " + models.size() + " models on " + config.topic());
                LOG.infof("Training %s on %s from %s", models.stream().map(TrainedModel::name).toList(), config.topic(),
                        String.join(" ", models.stream().map(m -> m.name() + " " + m.nextOffsets()).toList()));
                train(kafka, decoder);
            }
        } catch (WakeupException | InterruptedException e) {
            LOG.info("Training loop stopped");
        } catch (StartRefusedException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Training loop failed", e);
            fail("failed: " + e);
        } finally {
            consumer = null;
            publisher.refuseRequests();
        }
    }

    private void fail(String message) {
        LOG.error(message);
        monitor.state("failed", message);
        lock.close();
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            // Refusing to start means not running: an orchestrator shows the error and the exit.
            Quarkus.asyncExit(1);
        }
    }

    /** The design's loop: gather a batch, test-then-train every model on it, publish when due, report. */
    private void train(KafkaConsumer<byte[], byte[]> kafka, ExampleDecoder decoder) throws InterruptedException {
        long interval = config.publish().interval().toNanos();
        long intervalEnd = System.nanoTime() + interval;
        try (ParallelDecoder decoders = new ParallelDecoder(decoder, config.decoders())) {
            List<ConsumerRecord<byte[], byte[]>> batch = gather(kafka, intervalEnd);
            CompletableFuture<ExampleDecoder.Decoded[]> decoded = decoders.decode(batch);
            while (running) {
                // Behind: the next batch is polled and decoded while this one is learned.
                List<ConsumerRecord<byte[], byte[]>> next = List.of();
                CompletableFuture<ExampleDecoder.Decoded[]> nextDecoded = null;
                if (!paused && batch.size() >= Math.max(config.minBatch(), config.maxBatch() / 2)) {
                    next = new ArrayList<>();
                    kafka.poll(Duration.ZERO).forEach(next::add);
                    nextDecoded = decoders.decode(next);
                }
                ExampleDecoder.Decoded[] records = ParallelDecoder.await(decoded);
                if (records.length > 0) {
                    monitor.batchLearned(records.length);
                }
                for (int i = 0; i < records.length; i++) {
                    learnRecord(batch.get(i), records[i]);
                }
                for (TrainedModel model : models) {
                    model.batchEnded();
                }
                long now = System.nanoTime();
                boolean intervalOver = now >= intervalEnd;
                boolean examplesDue = models.stream().anyMatch(m -> m.learnedSincePublish() >= config.publish().everyExamples());
                // Paused: nothing is published (what was learned before waits for the resume), so the champion
                // an operator set stays.
                if (!paused && (intervalOver || examplesDue) && now >= publisher.nextAttemptNanos()) {
                    if (publisher.publishDue(models, intervalOver, intervalOver && !examplesDue ? intervalEnd : null) >= 0) {
                        // The next interval starts once this one's versions are out: a slow registry spaces versions
                        // out instead of publishing back to back.
                        intervalEnd = System.nanoTime() + interval;
                    }
                }
                publisher.serveRequests(models);
                if (!batch.isEmpty()) {
                    monitor.commitProgress(kafka);
                }
                monitor.training(kafka, paused);
                if (!next.isEmpty()) {
                    batch = next;
                    decoded = nextDecoded;
                } else {
                    batch = gather(kafka, Math.max(intervalEnd, publisher.nextAttemptNanos()));
                    decoded = decoders.decode(batch);
                }
            }
        }
    }

    /**
     * At least {@code min-batch} records or whatever came within {@code max-wait}, but no longer than until
     * {@code publishAt} (a version is due then, unless paused); a full poll when behind.
     */
    private List<ConsumerRecord<byte[], byte[]>> gather(Consumer<byte[], byte[]> kafka, long publishAt) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        if (paused) {
            kafka.pause(kafka.assignment()); // polls return nothing; positions stay
        } else if (!kafka.paused().isEmpty()) {
            kafka.resume(kafka.paused());
        }
        long now = System.nanoTime();
        long deadline = paused ? now + config.maxWait().toNanos()
                : Math.min(now + config.maxWait().toNanos(), Math.max(now, publishAt));
        do {
            long left = Math.max(0, deadline - System.nanoTime());
            ConsumerRecords<byte[], byte[]> polled = kafka.poll(Duration.ofNanos(left));
            polled.forEach(batch::add);
        } while (running && batch.size() < config.minBatch() && System.nanoTime() < deadline);
        return batch;
    }

    /** Test-then-train of one record by every model that has not learned it; a poison record is dead-lettered. */
    private void learnRecord(ConsumerRecord<byte[], byte[]> record, ExampleDecoder.Decoded decoded) {
        int partition = record.partition();
        long offset = record.offset();
        boolean wanted = false;
        for (TrainedModel model : models) {
            wanted |= model.wants(partition, offset);
        }
        if (!wanted) {
            return; // learned before the last restart by every model
        }
        if (decoded.isPoison()) {
            monitor.poisoned();
            outputs.deadLetter(record, decoded.poison());
        }
        for (TrainedModel model : models) {
            if (model.wants(partition, offset)) {
                driftNews.afterLearning(model, model.learn(partition, offset, decoded.example(), decoded.eventMillis(),
                        decoded.labelMillis()));
            }
        }
    }
}

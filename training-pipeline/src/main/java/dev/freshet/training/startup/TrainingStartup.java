package dev.freshet.training.startup;

import dev.freshet.contract.FeatureSet;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.drift.DriftReaction;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.training.config.TrainingConfig;
import dev.freshet.training.decode.ExampleDecoder;
import dev.freshet.training.loop.DriftNews;
import dev.freshet.training.loop.TrainedModel;
import dev.freshet.training.publish.ModelPublisher;
import dev.freshet.training.status.TrainingMonitor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * A trainer's start, in the order it runs: the trainers' lock, the feature set, the topic's partitions, each model
 * resumed or bootstrapped ({@link ModelStarter}), and the seek to where the models continue. Where going on would lose or repeat examples it refuses ({@link StartRefusedException}).
 * Waits end when {@code running} turns false. They are loops of their own, not fault-tolerance retries: each turn
 * says in the status what the trainer waits for (standby, the feature set, the topic), with no attempt limit.
 */
public final class TrainingStartup {

    private static final Logger LOG = Logger.getLogger(TrainingStartup.class);
    private static final long WAIT_MILLIS = 2_000;

    private final TrainingConfig config;
    private final FeatureStore store;
    private final ModelRegistry registry;
    private final LeaderLock lock;
    private final TrainingMonitor monitor;
    private final ModelStarter models;
    private final Map<String, Object> kafka;
    private final BooleanSupplier running;

    /** @param kafka every {@code kafka.*} setting of the service (servers, SASL/TLS), for the trainer's own consumer */
    public TrainingStartup(TrainingConfig config, FeatureStore store, ModelRegistry registry, LeaderLock lock,
                    ModelPublisher publisher, TrainingMonitor monitor, DriftNews driftNews, DriftPolicy driftPolicy,
                    Map<String, Object> kafka, BooleanSupplier running) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.lock = lock;
        this.monitor = monitor;
        this.models = new ModelStarter(config, store, registry, publisher, monitor, driftNews, driftPolicy);
        this.kafka = Map.copyOf(kafka);
        this.running = running;
    }

    /** The configured drift watch and reaction; a reaction or start it does not know names the key. */
    public static DriftPolicy driftPolicy(TrainingConfig config) {
        DriftReaction reaction;
        DriftReaction.Start start;
        try {
            reaction = DriftReaction.parse(config.drift().reaction());
            start = DriftReaction.Start.parse(config.drift().challengerStart());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("freshet.training.drift: " + e.getMessage(), e);
        }
        return new DriftPolicy(config.drift().minChange(), config.drift().warmUp(), reaction, start,
                config.gate().holdAfterDrift(), config.gate().window());
    }

    /** Returns once this trainer holds the lock; stands by (said in the status) while another does. */
    public void takeLock() throws InterruptedException {
        String lastMessage = null;
        while (running.getAsBoolean()) {
            String message;
            try {
                if (lock.tryAcquire()) {
                    LOG.infof("Took the trainers' lock '%s'", lock.name());
                    return;
                }
                message = "standing by: another trainer holds the lock '" + lock.name() + "'"
                        + lock.holder().map(h -> " (" + h + ")").orElse("") + "; trying again every "
                        + config.lock().retry().toSeconds() + " s";
            } catch (java.sql.SQLException e) {
                message = "standing by: PostgreSQL is unreachable for the trainers' lock (" + e.getMessage() + ")";
            }
            if (!message.equals(lastMessage)) {
                LOG.warn(message);
                lastMessage = message;
            }
            monitor.state("standby", message);
            Thread.sleep(config.lock().retry().toMillis());
        }
    }

    /** The feature set, once its source has registered it in the store. */
    public FeatureSet awaitFeatureSet() throws InterruptedException {
        boolean logged = false;
        while (running.getAsBoolean()) {
            try {
                var found = store.featureSet(config.featureSet());
                if (found.isPresent()) {
                    return found.get();
                }
                String message = "waiting for feature set '" + config.featureSet() + "' to be registered in the "
                        + "feature store (its source registers it when the feature pipeline starts)";
                monitor.state("starting", message);
                if (!logged) {
                    LOG.warn(message);
                    logged = true;
                }
            } catch (RuntimeException e) {
                monitor.state("starting", "feature store unreachable: " + e.getMessage());
                LOG.warnf("Feature store unreachable (%s); trying again", e.getMessage());
            }
            Thread.sleep(WAIT_MILLIS);
        }
        throw new InterruptedException("stopped");
    }

    public KafkaConsumer<byte[], byte[]> newConsumer() {
        Map<String, Object> props = new HashMap<>(kafka); // servers, and SASL/TLS when configured
        // Offsets that count are in the registry's manifests; the group's committed offsets are for monitoring.
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "freshet-training-" + config.featureSet());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"); // never reset silently
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-training-" + ProcessHandle.current().pid());
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The topic's partitions in order, assigned to the consumer, once the topic exists. */
    public List<TopicPartition> awaitPartitions(Consumer<byte[], byte[]> consumer) throws InterruptedException {
        boolean logged = false;
        while (running.getAsBoolean()) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(config.topic(), Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> partitions = infos.stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition())).sorted(
                                    (a, b) -> Integer.compare(a.partition(), b.partition())).toList();
                    consumer.assign(partitions);
                    return partitions;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // Kafka not up yet: said below
            }
            String message = "waiting for topic " + config.topic() + " on Kafka at "
                    + kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
            monitor.state("starting", message);
            if (!logged) {
                LOG.warn(message);
                logged = true;
            }
            Thread.sleep(WAIT_MILLIS);
        }
        throw new InterruptedException("stopped");
    }

    /** Every configured model, resumed or bootstrapped, comparing against its champion. */
    public List<TrainedModel> startModels(FeatureSet featureSet, ExampleDecoder decoder) {
        return models.start(featureSet, decoder);
    }

    /**
     * Seeks each partition to the lowest offset a model continues from; refuses when that offset is gone from the
     * log (examples deleted before every model learned them) or past its end (the topic recreated).
     */
    public void seek(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions, List<TrainedModel> models) {
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long from = models.stream().mapToLong(m -> m.nextOffset(partition.partition())).min().orElse(0);
            long first = beginnings.get(partition);
            if (from < first) {
                throw new StartRefusedException(String.format("Refusing to start: offset %d of %s is gone from Kafka "
                        + "(the log now starts at %d), so examples %d-%d were deleted before every model learned them. "
                        + "Nothing was reset. Publish the models under new names to start them afresh, or restore the "
                        + "topic.", from, partition, first, from, first - 1));
            }
            if (from > ends.get(partition)) {
                throw new StartRefusedException(String.format("Refusing to start: the models continue %s at offset %d "
                        + "but the log ends at %d; was the topic recreated? Nothing was reset.", partition, from,
                        ends.get(partition)));
            }
            consumer.seek(partition, from);
        }
    }

    /**
     * A JVM's first snapshot took half a second (its serialisation code loads and runs cold), which made the first
     * version late; one thrown away here, before the stream, takes that cost where nothing waits.
     */
    public void warmSnapshots(List<TrainedModel> models, FeatureSet featureSet) {
        String[] names = featureSet.predictionFeatures().toArray(String[]::new);
        for (TrainedModel model : models) {
            try {
                // A copy that learned one example: the model itself may not have learned any yet.
                OnlineLearner copy = OnlineLearners.create(model.settings());
                copy.learn(new LabelledExample(new FeatureVector(names, new double[names.length]),
                        featureSet.labels().get(0)));
                copy.snapshot();
            } catch (RuntimeException e) {
                LOG.debugf("%s: warming the snapshot up failed (%s); the first version pays that cost", model.name(),
                        e.getMessage());
            }
        }
    }

    /**
     * The registry must take this trainer's writes: checked before the stream, so that a refusal shows at start and
     * not when the first interval ends, and so that the first version does not wait for the store client's write
     * path to run cold. Not fatal: a registry that is down now may be back by then, and publishing is retried.
     */
    public void checkRegistryWritable(List<TrainedModel> models) {
        for (TrainedModel model : models) {
            try {
                registry.checkWritable(model.name());
            } catch (RuntimeException e) {
                LOG.warnf("%s: %s; training goes on, and no version can be published until the registry takes writes",
                        model.name(), e.getMessage());
            }
        }
    }

    /** Starting would lose or repeat examples: the trainer stops with this message instead. */
    public static final class StartRefusedException extends RuntimeException {
        StartRefusedException(String message) {
            super(message);
        }
    }
}

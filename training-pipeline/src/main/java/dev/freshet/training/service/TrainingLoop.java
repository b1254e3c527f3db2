package dev.freshet.training.service;

import dev.freshet.contract.FeatureSet;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.HistoryEnd;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.drift.DriftReaction;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.AliasConflictException;
import dev.freshet.registry.AliasRef;
import dev.freshet.registry.FeatureSchemaRef;
import dev.freshet.registry.LoadedModel;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ManifestDraft;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.training.config.TrainingConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import org.tribuo.classification.Label;

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
    private static final Duration MAX_PUBLISH_RETRY = Duration.ofSeconds(30);
    /** History is tested at event time in steps of this many examples (see {@link TrainedModel}). */
    private static final int HISTORY_BATCH = 500;
    /** How often offsets are committed for monitoring. */
    private static final long MONITORING_COMMIT_NANOS = 1_000_000_000L;

    private final TrainingConfig config;
    private final FeatureStore store;
    private final ModelRegistry registry;
    private final TrainingOutputs outputs;
    private final MeterRegistry meters;
    private final LeaderLock lock;
    private final Map<String, Object> kafka;
    private final String bootstrapServers;
    private final ChampionGate gate;
    private final AtomicLong poison = new AtomicLong();
    private final Map<String, String> gateDecisions = new HashMap<>();
    private final DriftNews driftNews;
    private final DriftPolicy driftPolicy;
    private final List<ModelMeters> modelMeters = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean paused;
    private final Queue<PublishRequest> publishRequests = new ConcurrentLinkedQueue<>();
    private volatile TrainingStatus status;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private List<TrainedModel> models = List.of();
    private FeatureSet featureSet;
    private long lastStatusNanos;
    private long lastCommitNanos = System.nanoTime() - MONITORING_COMMIT_NANOS;
    private final Map<String, Long> learnedAtLastStatus = new HashMap<>();
    private final Map<String, Double> rates = new HashMap<>();
    private long nextPublishAttemptNanos;
    private Duration publishRetry = Duration.ofSeconds(1);
    private long lag = -1;
    private final Timer publishDelay;
    private final DistributionSummary batchSizes;

    /** @param kafka every {@code kafka.*} setting of the service (servers, SASL/TLS), for the trainer's own consumer */
    public TrainingLoop(TrainingConfig config, FeatureStore store, ModelRegistry registry, TrainingOutputs outputs,
                        MeterRegistry meters, LeaderLock lock, Map<String, Object> kafka) {
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.outputs = outputs;
        this.meters = meters;
        this.lock = lock;
        this.kafka = Map.copyOf(kafka);
        this.bootstrapServers = String.valueOf(kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.gate = new ChampionGate(config.gate().floor(), config.gate().holdAfterDrift());
        this.driftNews = new DriftNews(outputs);
        this.driftPolicy = driftPolicy(config);
        this.status = new TrainingStatus("starting", "not started", config.featureSet(), config.topic(), -1, 0, List.of());
        FunctionCounter.builder("freshet.training.poison", poison, AtomicLong::get)
                .description("Poison records dead-lettered by the trainer").register(meters);
        Gauge.builder("freshet.training.lag", this, loop -> loop.lag).description("Examples not yet read").register(meters);
        batchSizes = DistributionSummary.builder("freshet.training.batch.size")
                .description("Examples per mini-batch: at least min-batch, up to max-batch when behind").register(meters);
        publishDelay = Timer.builder("freshet.training.publish.delay")
                .description("From the end of a publish interval until a version's manifest is in the registry")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
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
        return status;
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
        PublishRequest request = new PublishRequest(model, new CompletableFuture<>());
        publishRequests.add(request);
        return request.done();
    }

    private record PublishRequest(String model, CompletableFuture<Long> done) {}

    private void run() {
        try {
            takeLock();
            if (!running) {
                return;
            }
            featureSet = awaitFeatureSet();
            ExampleDecoder decoder = new ExampleDecoder(featureSet, config.messages().limits());
            try (KafkaConsumer<byte[], byte[]> kafka = newConsumer()) {
                consumer = kafka;
                List<TopicPartition> partitions = awaitPartitions(kafka);
                models = startModels(decoder);
                seek(kafka, partitions);
                warmSnapshots();
                checkRegistryWritable();
                setStatus("training", "training " + models.size() + " models on " + config.topic());
                LOG.infof("Training %s on %s from %s", models.stream().map(TrainedModel::name).toList(), config.topic(),
                        describeOffsets());
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
            PublishRequest left;
            while ((left = publishRequests.poll()) != null) {
                left.done().completeExceptionally(new IllegalStateException("the training loop stopped"));
            }
        }
    }

    private void fail(String message) {
        LOG.error(message);
        setStatus("failed", message);
        lock.close();
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            // Refusing to start means not running: an orchestrator shows the error and the exit.
            Quarkus.asyncExit(1);
        }
    }

    // ------------------------------------------------------------------ start

    private void takeLock() throws InterruptedException {
        String lastMessage = null;
        while (running) {
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
            setStatus("standby", message);
            Thread.sleep(config.lock().retry().toMillis());
        }
    }

    private FeatureSet awaitFeatureSet() throws InterruptedException {
        boolean logged = false;
        while (running) {
            try {
                var found = store.featureSet(config.featureSet());
                if (found.isPresent()) {
                    return found.get();
                }
                String message = "waiting for feature set '" + config.featureSet() + "' to be registered in the "
                        + "feature store (its source registers it when the feature pipeline starts)";
                setStatus("starting", message);
                if (!logged) {
                    LOG.warn(message);
                    logged = true;
                }
            } catch (RuntimeException e) {
                setStatus("starting", "feature store unreachable: " + e.getMessage());
                LOG.warnf("Feature store unreachable (%s); trying again", e.getMessage());
            }
            Thread.sleep(2_000);
        }
        throw new InterruptedException("stopped");
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
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

    private List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> kafka) throws InterruptedException {
        boolean logged = false;
        while (running) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(config.topic(), Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> partitions = infos.stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition())).sorted(
                                    (a, b) -> Integer.compare(a.partition(), b.partition())).toList();
                    kafka.assign(partitions);
                    return partitions;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // Kafka not up yet: said below
            }
            String message = "waiting for topic " + config.topic() + " on Kafka at " + bootstrapServers;
            setStatus("starting", message);
            if (!logged) {
                LOG.warn(message);
                logged = true;
            }
            Thread.sleep(2_000);
        }
        throw new InterruptedException("stopped");
    }

    private List<TrainedModel> startModels(ExampleDecoder decoder) {
        for (String key : config.trainedModels()) {
            try {
                ModelSettings.of(key, config.models().get(key), featureSet);
            } catch (IllegalArgumentException e) {
                throw new StartRefusedException("Refusing to start: " + e.getMessage());
            }
        }
        List<TrainedModel> started = new ArrayList<>();
        List<String> toBootstrap = new ArrayList<>();
        for (String key : config.trainedModels()) {
            String name = config.modelName(key);
            var latest = registry.latestVersion(name);
            if (latest.isPresent()) {
                started.add(resumeNewestLoadable(key, latest.get()));
            } else {
                toBootstrap.add(key);
            }
        }
        if (!toBootstrap.isEmpty()) {
            started.addAll(bootstrap(toBootstrap, decoder));
        }
        for (TrainedModel model : started) {
            adoptChampion(model);
            modelMeters.add(new ModelMeters(meters, model, () -> statusOf(model.name())));
        }
        return started;
    }

    /**
     * Continues the newest version that loads: one whose manifest, artifact or training state is damaged is
     * skipped, said in the log and the status, and the lineage continues from the version before it (the examples
     * after that version's offsets are learned again, once, in the new branch). None loads: start refused.
     */
    private TrainedModel resumeNewestLoadable(String key, long latest) {
        String name = config.modelName(key);
        List<Manifest> readable = new ArrayList<>(registry.versions(name));
        java.util.Collections.reverse(readable);
        String newestFailure = readable.isEmpty() || readable.get(0).version() != latest
                ? "the manifest of version " + latest + " cannot be read" : null;
        for (Manifest manifest : readable) {
            long version = manifest.version();
            try {
                TrainedModel model = resume(key, version);
                if (newestFailure != null) {
                    String message = name + " continues from version " + version + ", the newest that loads: "
                            + newestFailure + "; the versions after " + version + " are not continued";
                    LOG.warn(message);
                    setStatus("starting", message);
                }
                return model;
            } catch (dev.freshet.registry.ModelLoadException | IllegalArgumentException e) {
                // IllegalArgumentException: IncompatibleSnapshotException, and numbers no learner makes.
                LOG.warnf("%s: version %d cannot be loaded (%s); trying the version before it", name, version,
                        e.getMessage());
                if (newestFailure == null) {
                    newestFailure = "version " + version + " cannot be loaded (" + e.getMessage() + ")";
                }
            }
        }
        throw new StartRefusedException("Refusing to start: no version of " + name + " can be loaded ("
                + newestFailure + "). Nothing was changed.");
    }

    private TrainedModel resume(String key, long version) {
        String name = config.modelName(key);
        Manifest manifest = registry.manifest(name, version).orElseThrow(() ->
                new StartRefusedException("version " + version + " of " + name + " vanished while starting"));
        byte[] state = registry.trainingState(manifest).orElseThrow(() -> new StartRefusedException("version "
                + version + " of " + name + " has no training state to continue from: publish a new model name"));
        LoadedModel<Label> loaded = registry.load(name, version, Label.class);
        OnlineLearner learner = OnlineLearners.restore(loaded.model(), state);
        Map<Integer, Long> offsets = manifest.kafkaOffsets() == null ? Map.of()
                : manifest.kafkaOffsets().getOrDefault(config.topic(), Map.of());
        LearnerSettings settings = LearnerSettings.fromMap(manifest.hyperParameters());
        LearnerSettings configured = ModelSettings.of(key, config.models().get(key), featureSet);
        String refusal = ModelSettings.lineageRefusal(name, version, settings, configured, featureSet);
        if (refusal != null) {
            throw new StartRefusedException(refusal);
        }
        if (!configured.equals(settings)) {
            LOG.warnf("%s continues version %d with its own hyper-parameters %s, not the configured %s: a version's "
                    + "optimiser state belongs to its settings; give the model a new key to train the new ones", name,
                    version, settings.asMap(), configured.asMap());
        }
        LOG.infof("Resuming %s from version %d: %d examples seen, offsets %s", name, version, manifest.examplesSeen(), offsets);
        Double sinceDrift = manifest.metrics() == null ? null
                : manifest.metrics().get(VersionMetrics.EXAMPLES_SINCE_DRIFT);
        return new TrainedModel(name, settings, learner, offsets, manifest.examplesSeen(), version, config.gate().window(),
                sinceDrift == null || sinceDrift < 0 ? Long.MAX_VALUE : sinceDrift.longValue(), driftPolicy);
    }

    /**
     * One feature-store snapshot for every model without a version: the history and the offsets where it ends,
     * read together; each model learns it and publishes version 1 carrying those offsets.
     */
    private List<TrainedModel> bootstrap(List<String> keys, ExampleDecoder decoder) {
        setStatus("starting", "bootstrapping " + keys + " from the feature store");
        List<ExampleDecoder.Decoded> history = new ArrayList<>();
        long[] refused = new long[1];
        HistoryEnd end = store.readHistory(featureSet.name(), row -> {
            ExampleDecoder.Decoded decoded = decoder.decode(row.example());
            if (decoded.isPoison()) {
                refused[0]++;
            } else {
                history.add(decoded);
            }
        });
        Map<Integer, Long> offsets = end.nextOffsets().getOrDefault(config.topic(), Map.of());
        LOG.infof("Bootstrap: %d examples of %s in the feature store (%d refused), history ends at %s %s",
                history.size(), featureSet.name(), refused[0], config.topic(), offsets);
        List<TrainedModel> started = new ArrayList<>();
        for (String key : keys) {
            LearnerSettings settings = ModelSettings.of(key, config.models().get(key), featureSet);
            TrainedModel model = new TrainedModel(config.modelName(key), settings, OnlineLearners.create(settings),
                    offsets, 0, null, config.gate().window(), Long.MAX_VALUE, driftPolicy);
            for (int i = 0; i < history.size(); i++) {
                ExampleDecoder.Decoded row = history.get(i);
                driftNews.afterLearning(model, model.learn(row.example(), row.eventMillis(), row.labelMillis()));
                if ((i + 1) % HISTORY_BATCH == 0) {
                    model.batchEnded();
                }
            }
            model.batchEnded();
            for (int epoch = 2; epoch <= config.bootstrap().epochs(); epoch++) {
                for (ExampleDecoder.Decoded row : history) {
                    model.trainAgain(row.example());
                }
            }
            if (!history.isEmpty()) {
                publish(model, null); // version 1: where the stream continues
            }
            started.add(model);
        }
        return started;
    }

    /**
     * A JVM's first snapshot took half a second (its serialisation code loads and runs cold), which made the first
     * version late; one thrown away here, before the stream, takes that cost where nothing waits.
     */
    private void warmSnapshots() {
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
     * path to run cold (it made the first version of a trainer the slowest, docs/benchmark-history.md). Not fatal:
     * a registry that is down now may be back by then, and publishing is retried.
     */
    private void checkRegistryWritable() {
        for (TrainedModel model : models) {
            try {
                registry.checkWritable(model.name());
            } catch (RuntimeException e) {
                LOG.warnf("%s: %s; training goes on, and no version can be published until the registry takes writes",
                        model.name(), e.getMessage());
            }
        }
    }

    private void seek(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
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
            kafka.seek(partition, from);
        }
    }

    private void adoptChampion(TrainedModel model) {
        try {
            var champion = registry.alias(model.name(), ModelRegistry.CHAMPION);
            if (champion.isEmpty()) {
                model.championIs(null, null);
                return;
            }
            long version = champion.get().version();
            if (model.championVersion() != null && model.championVersion() == version) {
                return;
            }
            Manifest manifest = registry.manifest(model.name(), version).orElseThrow();
            LoadedModel<Label> loaded = registry.load(model.name(), version, Label.class);
            OnlineLearner scorer = OnlineLearners.restore(loaded.model(), registry.trainingState(manifest).orElseThrow());
            model.championIs(version, scorer);
            LOG.infof("%s: the champion is version %d", model.name(), version);
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not load the champion to compare against (%s); the gate waits", model.name(), e.getMessage());
        }
    }

    private TrainingStatus.ModelStatus statusOf(String name) {
        return status.models().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    private static DriftPolicy driftPolicy(TrainingConfig config) {
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

    // ------------------------------------------------------------------ loop

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
                ExampleDecoder.Decoded[] records = join(decoded);
                if (records.length > 0) {
                    batchSizes.record(records.length);
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
                if (!paused && (intervalOver || examplesDue) && now >= nextPublishAttemptNanos) {
                    if (publishDue(intervalOver, intervalOver && !examplesDue ? intervalEnd : null) >= 0) {
                        // The next interval starts once this one's versions are out: a slow registry spaces versions
                        // out instead of publishing back to back.
                        intervalEnd = System.nanoTime() + interval;
                    }
                }
                servePublishRequests();
                if (!batch.isEmpty() && now - lastCommitNanos >= MONITORING_COMMIT_NANOS) {
                    // For monitoring only (a version's offsets are what count): once a second, not per batch.
                    kafka.commitAsync(TrainingLoop::committed);
                    lastCommitNanos = now;
                }
                updateStatus(kafka);
                if (!next.isEmpty()) {
                    batch = next;
                    decoded = nextDecoded;
                } else {
                    batch = gather(kafka, Math.max(intervalEnd, nextPublishAttemptNanos));
                    decoded = decoders.decode(batch);
                }
            }
        }
    }

    /**
     * The group's committed offsets only show progress (a version's offsets are what count), so a failed commit is
     * no error: the next commit, a second later, carries them. Kafka's own callback logged the retriable ones of a new broker as errors.
     */
    private static void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception failure) {
        if (failure != null) {
            LOG.debugf("Committing offsets for monitoring failed (%s); the next commit carries them", failure.getMessage());
        }
    }

    private static ExampleDecoder.Decoded[] join(CompletableFuture<ExampleDecoder.Decoded[]> decoded)
            throws InterruptedException {
        try {
            return decoded.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * At least {@code min-batch} records or whatever came within {@code max-wait}, but no longer than until
     * {@code publishAt} (a version is due then, unless paused); a full poll when behind.
     */
    private List<ConsumerRecord<byte[], byte[]>> gather(KafkaConsumer<byte[], byte[]> kafka, long publishAt) {
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
            poison.incrementAndGet();
            outputs.deadLetter(record, decoded.poison());
        }
        for (TrainedModel model : models) {
            if (model.wants(partition, offset)) {
                driftNews.afterLearning(model, model.learn(partition, offset, decoded.example(), decoded.eventMillis(),
                        decoded.labelMillis()));
            }
        }
    }

    /**
     * Before any version: every dead letter acknowledged (a version must not skip a poison record whose dead
     * letter could be lost), and the trainers' lock still held.
     */
    private void readyToPublish() {
        outputs.awaitDeadLetters();
        if (!lock.held()) {
            throw new IllegalStateException("lost the trainers' lock '" + lock.name() + "' (its PostgreSQL session "
                    + "ended): stopping without publishing, another trainer may have taken over");
        }
    }

    /** Publishes the models asked for by hand ({@link #requestPublish}); each request is answered. */
    private void servePublishRequests() {
        PublishRequest request;
        while ((request = publishRequests.poll()) != null) {
            String name = request.model();
            TrainedModel model = models.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
            try {
                if (model == null) {
                    throw new IllegalArgumentException("this trainer does not train '" + name + "'");
                }
                if (model.examplesSeen() == 0) {
                    throw new IllegalStateException(name + " has learned nothing yet");
                }
                if (model.learnedSincePublish() > 0 || model.version() == null) {
                    readyToPublish();
                    publish(model, null);
                }
                request.done().complete(model.version());
            } catch (RuntimeException e) {
                LOG.warnf("%s: publishing on request failed (%s)", name, e.getMessage());
                request.done().completeExceptionally(e);
            }
        }
    }

    /**
     * Publishes every model that learned something since its last version: how many, or -1 when the registry failed.
     *
     * @param intervalEnd when the publish interval ended (System.nanoTime), to time each version against; null when
     *                    the versions are due for another reason
     */
    private int publishDue(boolean intervalOver, Long intervalEnd) {
        readyToPublish();
        try {
            int published = 0;
            for (TrainedModel model : models) {
                boolean due = intervalOver ? model.learnedSincePublish() > 0 || model.version() == null
                        : model.learnedSincePublish() >= config.publish().everyExamples();
                if (due && (model.examplesSeen() > 0)) {
                    publish(model, intervalEnd);
                    published++;
                }
            }
            publishRetry = Duration.ofSeconds(1);
            nextPublishAttemptNanos = 0;
            return published;
        } catch (RuntimeException e) {
            LOG.warnf("Publishing failed (%s); training goes on and publishing is tried again in %d s", e.getMessage(),
                    publishRetry.toSeconds());
            nextPublishAttemptNanos = System.nanoTime() + publishRetry.toNanos();
            publishRetry = publishRetry.multipliedBy(2).compareTo(MAX_PUBLISH_RETRY) > 0 ? MAX_PUBLISH_RETRY
                    : publishRetry.multipliedBy(2);
            return -1;
        }
    }

    private void publish(TrainedModel model, Long intervalEnd) {
        Map<Integer, Long> offsets = model.nextOffsets();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("parent-version", String.valueOf(model.version()));
        provenance.put("kafka-offsets", config.topic() + " " + offsets);
        LearnerSnapshot snapshot = model.learner().snapshot("kafka:" + config.topic(), provenance);
        Map<String, Double> metrics = VersionMetrics.of(model);
        ManifestDraft draft = new ManifestDraft(model.settings().algorithm(), model.settings().asMap(),
                new FeatureSchemaRef(featureSet.name(), featureSet.version(), featureSet.predictionFeatures()),
                model.learner().labelNames(), metrics, Map.of(config.topic(), offsets),
                model.examplesSeen(), model.version());
        Manifest manifest = registry.publish(model.name(), snapshot.modelBytes(), snapshot.trainingState(), draft);
        String timing = "";
        if (intervalEnd != null) {
            long delay = System.nanoTime() - intervalEnd;
            publishDelay.record(delay, TimeUnit.NANOSECONDS);
            timing = ", " + delay / 1_000_000 + " ms after its interval ended";
        }
        model.published(manifest.version());
        LOG.infof("%s: published version %d (%d examples seen, rolling accuracy %.4f, offsets %s%s)", model.name(),
                manifest.version(), manifest.examplesSeen(), metrics.get("rolling.accuracy"), offsets, timing);
        outputs.announce(ModelEvent.published(manifest));
        gate(model, manifest.version(), snapshot);
    }

    /** Moves the champion alias to the new version if the gate lets it; otherwise the champion keeps serving. */
    private void gate(TrainedModel model, long version, LearnerSnapshot snapshot) {
        var current = registry.alias(model.name(), ModelRegistry.CHAMPION);
        Long serving = current.map(AliasRef::version).orElse(null);
        if (serving != null && !serving.equals(model.championVersion())) {
            // Someone else moved it (a rollback or promotion by hand): compare against that one from now on.
            adoptChampion(model);
            gateDecisions.put(model.name(), "champion moved to version " + serving + " from outside; comparing anew");
            return;
        }
        ChampionGate.Decision decision = gate.decide(model.candidateWindow(), model.championWindow(), serving != null,
                model.examplesSinceDrift());
        gateDecisions.put(model.name(), "version " + version + ": " + (decision.promote() ? "promoted, " : "kept out, ")
                + decision.reason());
        if (!decision.promote()) {
            LOG.infof("%s: version %d stays out of serving: %s", model.name(), version, decision.reason());
            return;
        }
        try {
            AliasRef moved = registry.moveAlias(model.name(), ModelRegistry.CHAMPION, version,
                    current.map(AliasRef::etag).orElse(null), decision.reason());
            outputs.announce(ModelEvent.aliasMoved(model.name(), moved, serving));
            model.championIs(version, OnlineLearners.restore(snapshot.model(), snapshot.trainingState()));
            LOG.infof("%s: champion moved to version %d (%s)", model.name(), version, decision.reason());
        } catch (AliasConflictException e) {
            LOG.infof("%s: the champion was moved by someone else meanwhile; comparing anew", model.name());
            adoptChampion(model);
        }
    }


    // ------------------------------------------------------------------ status

    private void updateStatus(KafkaConsumer<byte[], byte[]> kafka) {
        long now = System.nanoTime();
        if (now - lastStatusNanos < 1_000_000_000L && lastStatusNanos != 0) {
            return;
        }
        double seconds = lastStatusNanos == 0 ? 0 : (now - lastStatusNanos) / 1e9;
        lastStatusNanos = now;
        long total = 0;
        boolean known = true;
        for (TopicPartition partition : kafka.assignment()) {
            var partitionLag = kafka.currentLag(partition);
            if (partitionLag.isPresent()) {
                total += partitionLag.getAsLong();
            } else {
                known = false;
            }
        }
        lag = known ? total : -1;
        for (TrainedModel model : models) {
            long seen = model.examplesSeen();
            Long before = learnedAtLastStatus.put(model.name(), seen);
            if (before != null && seconds > 0) {
                rates.put(model.name(), (seen - before) / seconds);
            }
        }
        status = new TrainingStatus(paused ? "paused" : "training", paused ? "paused by request; "
                + "POST /training/resume goes on" : "training " + models.size() + " models on " + config.topic(),
                config.featureSet(), config.topic(), lag, poison.get(), modelStatuses());
    }

    private List<TrainingStatus.ModelStatus> modelStatuses() {
        List<TrainingStatus.ModelStatus> list = new ArrayList<>();
        for (TrainedModel model : models) {
            list.add(ModelStatuses.of(model, rates.getOrDefault(model.name(), 0.0), driftNews.lastDrift(model.name()),
                    gateDecisions.get(model.name()), driftPolicy.reaction().configName()));
        }
        for (int i = 0; i < modelMeters.size() && i < list.size(); i++) {
            modelMeters.get(i).refresh(list.get(i));
        }
        return list;
    }

    private void setStatus(String state, String message) {
        status = new TrainingStatus(state, message, config.featureSet(), config.topic(), lag, poison.get(),
                models.isEmpty() ? List.of() : modelStatuses());
    }

    private String describeOffsets() {
        StringBuilder s = new StringBuilder();
        for (TrainedModel model : models) {
            s.append(model.name()).append(' ').append(model.nextOffsets()).append(' ');
        }
        return s.toString().trim();
    }

    /** Starting would lose or repeat examples: the trainer stops with this message instead. */
    static final class StartRefusedException extends RuntimeException {
        StartRefusedException(String message) {
            super(message);
        }
    }
}

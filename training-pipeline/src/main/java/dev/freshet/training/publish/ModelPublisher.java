package dev.freshet.training.publish;

import dev.freshet.contract.FeatureSet;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.OnlineLearner;
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
import dev.freshet.training.loop.TrainedModel;
import dev.freshet.training.startup.LeaderLock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.tribuo.classification.Label;

/**
 * Publishes a model's versions — artifact, training state, and a manifest with its metrics and the Kafka offsets
 * it continues from — and moves the champion alias only through the {@link ChampionGate}. A registry that fails
 * is tried again with backoff while training goes on: the loop asks {@link #nextAttemptNanos()} between batches
 * rather than a retry blocking it. Training thread only.
 */
public final class ModelPublisher {

    private static final Logger LOG = Logger.getLogger(ModelPublisher.class);
    private static final Duration MAX_PUBLISH_RETRY = Duration.ofSeconds(30);

    private final TrainingConfig config;
    private final ModelRegistry registry;
    private final TrainingOutputs outputs;
    private final LeaderLock lock;
    private final ChampionGate gate;
    private final Map<String, String> gateDecisions = new HashMap<>();
    private final Timer publishDelay;
    private final Queue<PublishRequest> requests = new ConcurrentLinkedQueue<>();
    private FeatureSet featureSet;
    private long nextAttemptNanos;
    private Duration retry = Duration.ofSeconds(1);

    public ModelPublisher(TrainingConfig config, ModelRegistry registry, TrainingOutputs outputs, LeaderLock lock,
                   MeterRegistry meters) {
        this.config = config;
        this.registry = registry;
        this.outputs = outputs;
        this.lock = lock;
        this.gate = new ChampionGate(config.gate().floor(), config.gate().holdAfterDrift());
        this.publishDelay = Timer.builder("freshet.training.publish.delay")
                .description("From the end of a publish interval until a version's manifest is in the registry")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    private record PublishRequest(String model, CompletableFuture<Long> done) {}

    /**
     * A version of {@code model} asked for by hand, from any thread: published at the end of the batch in hand
     * ({@link #serveRequests}); the future completes with the model's version, or fails with why it could not.
     */
    public CompletableFuture<Long> request(String model) {
        PublishRequest request = new PublishRequest(model, new CompletableFuture<>());
        requests.add(request);
        return request.done();
    }

    /** Publishes the models asked for by hand; each request is answered. */
    public void serveRequests(List<TrainedModel> models) {
        PublishRequest request;
        while ((request = requests.poll()) != null) {
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

    /** The loop stopped: every request still waiting fails. */
    public void refuseRequests() {
        PublishRequest left;
        while ((left = requests.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the training loop stopped"));
        }
    }

    /** The feature set the versions are trained on, once the trainer found it. */
    public void featureSet(FeatureSet value) {
        featureSet = value;
    }

    /** After a failed publish: not before this (System.nanoTime); 0 otherwise. */
    public long nextAttemptNanos() {
        return nextAttemptNanos;
    }

    /** The model's last gate decision, or null. */
    public String gateDecision(String model) {
        return gateDecisions.get(model);
    }

    /**
     * Before any version: every dead letter acknowledged (a version must not skip a poison record whose dead
     * letter could be lost), and the trainers' lock still held.
     */
    public void readyToPublish() {
        outputs.awaitDeadLetters();
        if (!lock.held()) {
            throw new IllegalStateException("lost the trainers' lock '" + lock.name() + "' (its PostgreSQL session "
                    + "ended): stopping without publishing, another trainer may have taken over");
        }
    }

    /**
     * Publishes every model that learned something since its last version: how many, or -1 when the registry failed.
     *
     * @param intervalEnd when the publish interval ended (System.nanoTime), to time each version against; null when
     *                    the versions are due for another reason
     */
    public int publishDue(List<TrainedModel> models, boolean intervalOver, Long intervalEnd) {
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
            retry = Duration.ofSeconds(1);
            nextAttemptNanos = 0;
            return published;
        } catch (RuntimeException e) {
            LOG.warnf("Publishing failed (%s); training goes on and publishing is tried again in %d s", e.getMessage(),
                    retry.toSeconds());
            nextAttemptNanos = System.nanoTime() + retry.toNanos();
            retry = retry.multipliedBy(2).compareTo(MAX_PUBLISH_RETRY) > 0 ? MAX_PUBLISH_RETRY : retry.multipliedBy(2);
            return -1;
        }
    }

    /** One version of the model, then the gate. */
    public void publish(TrainedModel model, Long intervalEnd) {
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
            model.promoted(version, OnlineLearners.restore(snapshot.model(), snapshot.trainingState()));
            LOG.infof("%s: champion moved to version %d (%s)", model.name(), version, decision.reason());
        } catch (AliasConflictException e) {
            LOG.infof("%s: the champion was moved by someone else meanwhile; comparing anew", model.name());
            adoptChampion(model);
        }
    }

    /** The model compares against whatever the champion alias names now (nothing when there is none). */
    public void adoptChampion(TrainedModel model) {
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
}

package dev.freshet.training.status;

import dev.freshet.training.config.TrainingConfig;
import dev.freshet.training.loop.DriftNews;
import dev.freshet.training.loop.TrainedModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What a trainer reports: the status behind {@code GET /training/status}, its lag and poison count, and the
 * meters of each model. Written on the training thread; the status and meters are read from any.
 */
public final class TrainingMonitor {

    private static final long STATUS_EVERY_NANOS = 1_000_000_000L;
    private static final Logger LOG = Logger.getLogger(TrainingMonitor.class);

    private final TrainingConfig config;
    private final MeterRegistry meters;
    private final DriftNews driftNews;
    private final String reaction;
    private final Function<String, String> gateDecisions;
    private final AtomicLong poison = new AtomicLong();
    private final DistributionSummary batchSizes;
    private final List<ModelMeters> modelMeters = new ArrayList<>();
    private final Map<String, Long> learnedAtLastStatus = new HashMap<>();
    private final Map<String, Double> rates = new HashMap<>();
    private volatile TrainingStatus status;
    private volatile long lag = -1;
    private long lastStatusNanos;
    private long lastCommitNanos = System.nanoTime() - STATUS_EVERY_NANOS;
    private List<TrainedModel> models = List.of();

    /** @param gateDecisions each model's last gate decision, by model name (null when none yet) */
    public TrainingMonitor(TrainingConfig config, MeterRegistry meters, DriftNews driftNews, String reaction,
                    Function<String, String> gateDecisions) {
        this.config = config;
        this.meters = meters;
        this.driftNews = driftNews;
        this.reaction = reaction;
        this.gateDecisions = gateDecisions;
        this.status = new TrainingStatus("starting", "not started", config.featureSet(), config.topic(), -1, 0, List.of());
        FunctionCounter.builder("freshet.training.poison", poison, AtomicLong::get)
                .description("Poison records dead-lettered by the trainer").register(meters);
        Gauge.builder("freshet.training.lag", this, monitor -> monitor.lag).description("Examples not yet read")
                .register(meters);
        batchSizes = DistributionSummary.builder("freshet.training.batch.size")
                .description("Examples per mini-batch: at least min-batch, up to max-batch when behind").register(meters);
    }

    /**
     * Commits the consumer's positions for monitoring tools (lag per group), at most once a second: a version's
     * offsets are what count, so a failed commit is no error and the next one carries them. Kafka's own callback
     * logged the retriable failures of a new broker as errors.
     */
    public void commitProgress(Consumer<?, ?> kafka) {
        long now = System.nanoTime();
        if (now - lastCommitNanos < STATUS_EVERY_NANOS) {
            return;
        }
        lastCommitNanos = now;
        kafka.commitAsync((offsets, failure) -> {
            if (failure != null) {
                LOG.debugf("Committing offsets for monitoring failed (%s); the next commit carries them",
                        failure.getMessage());
            }
        });
    }

    public TrainingStatus status() {
        return status;
    }

    /** From now on the status and meters report these models. */
    public void watch(List<TrainedModel> started) {
        for (TrainedModel model : started) {
            modelMeters.add(new ModelMeters(meters, model, () -> statusOf(model.name())));
        }
        models = List.copyOf(started);
    }

    public void poisoned() {
        poison.incrementAndGet();
    }

    public void batchLearned(int size) {
        batchSizes.record(size);
    }

    /** A state other than training: starting, standby, failed. */
    public void state(String state, String message) {
        status = new TrainingStatus(state, message, config.featureSet(), config.topic(), lag, poison.get(),
                models.isEmpty() ? List.of() : modelStatuses());
    }

    /** While training: lag, speed and every model's figures, at most once a second. */
    public void training(Consumer<?, ?> kafka, boolean paused) {
        long now = System.nanoTime();
        if (now - lastStatusNanos < STATUS_EVERY_NANOS && lastStatusNanos != 0) {
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
                    gateDecisions.apply(model.name()), reaction));
        }
        for (int i = 0; i < modelMeters.size() && i < list.size(); i++) {
            modelMeters.get(i).refresh(list.get(i));
        }
        return list;
    }

    private TrainingStatus.ModelStatus statusOf(String name) {
        return status.models().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}

package dev.freshet.inference.stream;

import dev.freshet.contract.DeadLetters;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.MalformedMessageException;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.inference.serve.Answer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Live accuracy: predictions wait (bounded in number and time) for the label of their event, which arrives
 * later on {@code freshet.examples}; each joined pair counts in the rolling window of the model version that
 * answered, and in the model's own window whatever version answered ({@link LiveConfusion}: accuracy over a span
 * that does not start again with each version, and the confusion matrix). Exposed as
 * {@code freshet.inference.live.accuracy} and {@code .coverage} per model and version,
 * {@code freshet.inference.live.model.accuracy} and {@code freshet.inference.live.confusion} per model, and on the
 * dashboard. Predictions whose label never came are counted as {@code .unlabelled} by cause.
 */
@ApplicationScoped
public class LiveAccuracy {

    private static final Logger LOG = Logger.getLogger(LiveAccuracy.class);

    /** One prediction waiting for its label. */
    private record Pending(String model, long version, String label, boolean abstained) {}

    /** Rolling figures of one model version. */
    public record Figures(long version, double accuracy, double coverage, int window, long labelled) {}

    /**
     * Rolling figures of one model, whatever version answered.
     *
     * @param accuracy  share right among the answers that did not abstain (NaN when none)
     * @param coverage  share of the window that did not abstain (NaN when empty)
     * @param window    labelled answers in the window
     * @param labelled  labelled answers since start
     * @param labels    labels in first-seen order
     * @param confusion rows true label, columns answered label in {@code labels} order, then abstained
     */
    public record ModelFigures(double accuracy, double coverage, int window, long labelled, List<String> labels,
                               long[][] confusion) {}

    private final InferenceConfig.LiveAccuracy config;
    private final MeterRegistry meters;
    private final PendingPredictions<Pending> pending;
    /** model to version to window, versions in ascending order. */
    private final Map<String, TreeMap<Long, RollingOutcomes>> windows = new LinkedHashMap<>();
    private final Map<String, List<Meter>> versionMeters = new LinkedHashMap<>();
    private final Map<String, LiveConfusion> modelWindows = new LinkedHashMap<>();
    private final java.util.Set<String> confusionCells = new java.util.HashSet<>();
    private final Counter joined;
    private final Counter unmatched;
    private final Counter refused;
    private final MessageLimits limits;

    public LiveAccuracy(InferenceConfig config, MeterRegistry meters) {
        this.config = config.liveAccuracy();
        this.limits = config.messages().limits();
        this.meters = meters;
        Counter expired = unlabelled(meters, "expired");
        Counter overCapacity = unlabelled(meters, "capacity");
        this.pending = new PendingPredictions<>(this.config.maxPending(), this.config.maxPendingBytes().asLongValue(),
                this.config.expiry().toNanos(), System::nanoTime,
                (cause, predictions) -> (cause == PendingPredictions.Cause.EXPIRED ? expired : overCapacity)
                        .increment(predictions));
        this.joined = Counter.builder("freshet.inference.live.joined").description("predictions joined with their label")
                .register(meters);
        this.unmatched = Counter.builder("freshet.inference.live.unmatched")
                .description("labels with no prediction waiting (made elsewhere, expired, or before start)")
                .register(meters);
        this.refused = Counter.builder("freshet.inference.live.refused")
                .description("records on the labels topic that are not valid examples (the trainer dead-letters them)")
                .register(meters);
        Gauge.builder("freshet.inference.live.pending", pending, PendingPredictions::size)
                .description("predictions waiting for their label").register(meters);
        Gauge.builder("freshet.inference.live.pending.bytes", pending, PendingPredictions::bytes)
                .description("estimated heap of the predictions waiting for their label").baseUnit("bytes")
                .register(meters);
    }

    private static Counter unlabelled(MeterRegistry meters, String cause) {
        return Counter.builder("freshet.inference.live.unlabelled").description("predictions dropped before their label came")
                .tag("cause", cause).register(meters);
    }

    /** Keeps an answer until the label of {@code eventId} arrives. */
    public void expect(String eventId, Answer answer) {
        pending.add(eventId, new Pending(answer.model(), answer.version(), answer.label(), answer.abstained()));
    }

    /** Predictions past their expiry are dropped even while no answers come. */
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dropExpired() {
        pending.dropExpired();
    }

    /** Labels as they become known: every waiting prediction of the event is scored. */
    @Incoming("labels")
    public CompletionStage<Void> onLabels(KafkaRecordBatch<String, byte[]> batch) {
        Instant now = Instant.now();
        for (var record : batch) {
            String[] eventAndLabel = eventAndLabel(record.getPayload(), limits, now);
            if (eventAndLabel == null) {
                refused.increment(); // the trainer and the sink dead-letter it
                continue;
            }
            label(eventAndLabel[0], eventAndLabel[1]);
        }
        return batch.ack();
    }

    /** Scores the predictions waiting for {@code eventId} against its label. */
    public void label(String eventId, String label) {
        List<Pending> waiting = pending.take(eventId);
        if (waiting.isEmpty()) {
            unmatched.increment();
            return;
        }
        for (Pending p : waiting) {
            window(p.model(), p.version()).add(p.abstained(), label.equals(p.label()));
            modelWindow(p.model()).add(label, p.label(), p.abstained());
            joined.increment();
        }
    }

    /** Figures per model, newest version last. */
    public synchronized Map<String, List<Figures>> figures() {
        Map<String, List<Figures>> all = new LinkedHashMap<>();
        windows.forEach((model, versions) -> {
            List<Figures> list = new ArrayList<>();
            versions.forEach((version, w) -> list.add(w.figures(version)));
            all.put(model, list);
        });
        return all;
    }

    /** The model's own window and confusion matrix, whatever version answered; by model. */
    public synchronized Map<String, ModelFigures> modelFigures() {
        Map<String, ModelFigures> all = new LinkedHashMap<>();
        modelWindows.forEach((model, w) -> all.put(model, w.figures()));
        return all;
    }

    private synchronized LiveConfusion modelWindow(String model) {
        LiveConfusion window = modelWindows.get(model);
        if (window == null) {
            window = new LiveConfusion(config.modelWindow());
            modelWindows.put(model, window);
            LiveConfusion w = window;
            Gauge.builder("freshet.inference.live.model.accuracy", w, c -> c.figures().accuracy())
                    .description("share right among the model's last labelled answers that did not abstain, any version")
                    .tag("model", model).register(meters);
        }
        return window;
    }

    /** Registers a gauge for each cell of each model's live confusion matrix not seen before. */
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void registerConfusionCells() {
        modelWindows.forEach((model, window) -> {
            List<String> labels = window.figures().labels();
            for (int a = 0; a < labels.size(); a++) {
                for (int p = 0; p < labels.size(); p++) {
                    if (confusionCells.add(model + '\u0000' + labels.get(a) + '\u0000' + labels.get(p))) {
                        int actual = a;
                        int answered = p;
                        Gauge.builder("freshet.inference.live.confusion", window, w -> {
                            long[][] counts = w.figures().confusion();
                            return actual < counts.length && answered < counts[actual].length ? counts[actual][answered] : 0;
                        }).description("labelled answers of the model's live window by true and answered label")
                                .tag("model", model).tag("actual", labels.get(a)).tag("predicted", labels.get(p))
                                .register(meters);
                    }
                }
            }
        });
    }

    private synchronized RollingOutcomes window(String model, long version) {
        TreeMap<Long, RollingOutcomes> versions = windows.computeIfAbsent(model, m -> new TreeMap<>());
        RollingOutcomes window = versions.get(version);
        if (window == null) {
            window = new RollingOutcomes(config.window());
            versions.put(version, window);
            RollingOutcomes w = window;
            List<Meter> registered = versionMeters.computeIfAbsent(model + '\u0000' + version, k -> new ArrayList<>());
            registered.add(Gauge.builder("freshet.inference.live.accuracy", w, RollingOutcomes::accuracy)
                    .description("share right among the last labelled answers that did not abstain")
                    .tag("model", model).tag("version", Long.toString(version)).register(meters));
            registered.add(Gauge.builder("freshet.inference.live.coverage", w, RollingOutcomes::coverage)
                    .description("share of the last labelled answers that did not abstain")
                    .tag("model", model).tag("version", Long.toString(version)).register(meters));
            while (versions.size() > config.versionsKept()) {
                long oldest = versions.pollFirstEntry().getKey();
                versionMeters.getOrDefault(model + '\u0000' + oldest, List.of()).forEach(meters::remove);
                versionMeters.remove(model + '\u0000' + oldest);
            }
        }
        return window;
    }

    /**
     * The event id and label of a valid example, or null: a record the trainer refuses (malformed, out of the
     * message limits, not finite) scores no prediction either, so live and rolling accuracy judge the same labels.
     */
    static String[] eventAndLabel(byte[] json, MessageLimits limits, Instant now) {
        if (json == null) {
            return null;
        }
        try {
            LabelledExampleMessage example = Messages.fromJson(json, LabelledExampleMessage.class);
            return example.problems(limits, now).isEmpty() ? new String[] {example.eventId(), example.label()} : null;
        } catch (MalformedMessageException e) {
            LOG.debugf("An unreadable example on the labels channel: %s", DeadLetters.forLog(e.getMessage()));
            return null;
        }
    }
}

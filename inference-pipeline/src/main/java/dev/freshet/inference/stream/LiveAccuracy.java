package dev.freshet.inference.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.freshet.features.Messages;
import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.inference.serve.Answer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
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
 * answered. Exposed as {@code freshet.inference.live.accuracy} and {@code .coverage} per model and version,
 * and on the dashboard. Predictions whose label never came are counted as {@code .unlabelled} by cause.
 */
@ApplicationScoped
public class LiveAccuracy {

    private static final Logger LOG = Logger.getLogger(LiveAccuracy.class);

    /** One prediction waiting for its label. */
    private record Pending(String model, long version, String label, boolean abstained) {}

    /** Rolling figures of one model version. */
    public record Figures(long version, double accuracy, double coverage, int window, long labelled) {}

    private final InferenceConfig.LiveAccuracy config;
    private final MeterRegistry meters;
    private final PendingPredictions<Pending> pending;
    /** model to version to window, versions in ascending order. */
    private final Map<String, TreeMap<Long, RollingOutcomes>> windows = new LinkedHashMap<>();
    private final Map<String, List<Meter>> versionMeters = new LinkedHashMap<>();
    private final Counter joined;
    private final Counter unmatched;

    public LiveAccuracy(InferenceConfig config, MeterRegistry meters) {
        this.config = config.liveAccuracy();
        this.meters = meters;
        Counter expired = unlabelled(meters, "expired");
        Counter overCapacity = unlabelled(meters, "capacity");
        this.pending = new PendingPredictions<>(this.config.maxPending(), this.config.expiry().toNanos(), System::nanoTime,
                (cause, predictions) -> (cause == PendingPredictions.Cause.EXPIRED ? expired : overCapacity)
                        .increment(predictions));
        this.joined = Counter.builder("freshet.inference.live.joined").description("predictions joined with their label")
                .register(meters);
        this.unmatched = Counter.builder("freshet.inference.live.unmatched")
                .description("labels with no prediction waiting (made elsewhere, expired, or before start)")
                .register(meters);
        Gauge.builder("freshet.inference.live.pending", pending, PendingPredictions::size)
                .description("predictions waiting for their label").register(meters);
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
        for (var record : batch) {
            byte[] value = record.getPayload();
            if (value == null) {
                continue;
            }
            String[] eventAndLabel = eventAndLabel(value);
            if (eventAndLabel == null) {
                continue; // not ours to judge: the trainer dead-letters malformed examples
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

    /** The event id and label of an example, read without building the message; null if it has neither. */
    static String[] eventAndLabel(byte[] json) {
        try (JsonParser parser = Messages.MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String eventId = null;
            String label = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("eventId".equals(field) && value == JsonToken.VALUE_STRING) {
                    eventId = parser.getText();
                } else if ("label".equals(field) && value == JsonToken.VALUE_STRING) {
                    label = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            return eventId == null || label == null ? null : new String[] {eventId, label};
        } catch (IOException e) {
            LOG.debugf("An unreadable example on the labels channel: %s", e.getMessage());
            return null;
        }
    }
}

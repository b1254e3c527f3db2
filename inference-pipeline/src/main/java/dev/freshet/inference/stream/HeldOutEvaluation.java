package dev.freshet.inference.stream;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.MalformedMessageException;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.inference.serve.Answer;
import dev.freshet.inference.serve.InvalidInputException;
import dev.freshet.inference.serve.LoadedVersion;
import dev.freshet.inference.serve.ModelServer;
import dev.freshet.inference.serve.ModelSlot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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

/**
 * Held-out evaluation: the labelled examples of {@code freshet.test-examples} (a source's test split, which no
 * trainer and no store reads) are kept, up to a bound, and every version a served model loads is scored on all of
 * them — accuracy on data the model never learned, per version, beside live accuracy. Every replica reads the
 * topic from its start in a consumer group of its own, so one started after the test rows went out scores them too.
 * Exposed in {@code /inference/status} and as {@code freshet.inference.held-out.accuracy} per model and version.
 */
@ApplicationScoped
public class HeldOutEvaluation {

    /**
     * One version's score on the held-out examples scored so far.
     *
     * @param accuracy share right among the answers that did not abstain (NaN when none)
     * @param coverage share of the scored examples answered (NaN when none)
     * @param scored   held-out examples scored
     * @param invalid  held-out examples this version could not score (features its schema does not have)
     */
    public record Figures(long version, double accuracy, double coverage, int scored, int invalid) {}

    private record Example(Map<String, Double> features, String label) {}

    /** The running counts of one version, written by the scoring thread only. */
    private static final class Score {
        private int scored;
        private int answered;
        private int right;
        private int invalid;

        synchronized void add(boolean abstained, boolean wasRight) {
            scored++;
            if (!abstained) {
                answered++;
                if (wasRight) {
                    right++;
                }
            }
        }

        synchronized void invalid() {
            scored++;
            invalid++;
        }

        synchronized int scored() {
            return scored;
        }

        synchronized double accuracy() {
            return answered == 0 ? Double.NaN : (double) right / answered;
        }

        synchronized Figures figures(long version) {
            return new Figures(version, accuracy(), scored == invalid ? Double.NaN : (double) answered / (scored - invalid),
                    scored, invalid);
        }
    }

    private final ModelServer server;
    private final MeterRegistry meters;
    private final MessageLimits limits;
    private final int capacity;
    private final int versionsKept;
    private final List<Example> examples = new ArrayList<>();
    /** model to version to score, versions ascending; the scoring thread adds, status readers copy. */
    private final Map<String, TreeMap<Long, Score>> scores = new LinkedHashMap<>();
    private final Counter refused;
    private final Counter overCapacity;

    public HeldOutEvaluation(ModelServer server, InferenceConfig config, MeterRegistry meters) {
        this.server = server;
        this.meters = meters;
        this.limits = config.messages().limits();
        this.capacity = config.heldOut().maxExamples();
        this.versionsKept = config.liveAccuracy().versionsKept();
        this.refused = Counter.builder("freshet.inference.held-out.refused")
                .description("records on the test topic that are not valid labelled examples").register(meters);
        this.overCapacity = Counter.builder("freshet.inference.held-out.over-capacity")
                .description("held-out examples left out: more than max-examples").register(meters);
        Gauge.builder("freshet.inference.held-out.examples", this, HeldOutEvaluation::size)
                .description("held-out examples kept to score each version on").register(meters);
    }

    /** Held-out examples as they arrive; invalid ones are counted and skipped. */
    @Incoming("test-examples")
    public CompletionStage<Void> onExamples(KafkaRecordBatch<String, byte[]> batch) {
        Instant now = Instant.now();
        for (var record : batch) {
            add(record.getPayload(), now);
        }
        return batch.ack();
    }

    void add(byte[] json, Instant now) {
        LabelledExampleMessage message;
        try {
            message = json == null ? null : Messages.fromJson(json, LabelledExampleMessage.class);
        } catch (MalformedMessageException e) {
            message = null;
        }
        if (message == null || !message.problems(limits, now).isEmpty()) {
            refused.increment();
            return;
        }
        synchronized (examples) {
            if (examples.size() >= capacity) {
                overCapacity.increment();
                return;
            }
            examples.add(new Example(message.features(), message.label()));
        }
    }

    /** Held-out examples kept. */
    public int size() {
        synchronized (examples) {
            return examples.size();
        }
    }

    /** Scores each served model's current version on the examples it has not scored yet. */
    @Scheduled(every = "${freshet.inference.held-out.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "held-out")
    void scoreNew() {
        int available = size();
        for (ModelSlot slot : server.all()) {
            slot.current().ifPresent(version -> score(version, available));
        }
    }

    private void score(LoadedVersion version, int available) {
        Score score = score(version.name(), version.version());
        int from = score.scored();
        if (from >= available) {
            return;
        }
        List<Example> todo;
        synchronized (examples) {
            todo = new ArrayList<>(examples.subList(from, available));
        }
        for (Example example : todo) {
            try {
                Answer answer = version.predict(version.row(example.features()));
                score.add(answer.abstained(), example.label().equals(answer.label()));
            } catch (InvalidInputException e) {
                score.invalid();
            }
        }
    }

    private synchronized Score score(String model, long version) {
        TreeMap<Long, Score> versions = scores.computeIfAbsent(model, m -> new TreeMap<>());
        Score score = versions.get(version);
        if (score == null) {
            score = new Score();
            versions.put(version, score);
            Score registered = score;
            Gauge.builder("freshet.inference.held-out.accuracy", registered, Score::accuracy)
                    .description("accuracy of a model version on the held-out examples it has scored")
                    .tag("model", model).tag("version", Long.toString(version)).register(meters);
            while (versions.size() > versionsKept) {
                long oldest = versions.firstKey();
                versions.remove(oldest);
                meters.find("freshet.inference.held-out.accuracy").tag("model", model)
                        .tag("version", Long.toString(oldest)).meters().forEach(meters::remove);
            }
        }
        return score;
    }

    /** Figures per model, newest version last. */
    public synchronized Map<String, List<Figures>> figures() {
        Map<String, List<Figures>> all = new LinkedHashMap<>();
        scores.forEach((model, versions) -> {
            List<Figures> list = new ArrayList<>();
            versions.forEach((version, score) -> list.add(score.figures(version)));
            all.put(model, list);
        });
        return all;
    }
}

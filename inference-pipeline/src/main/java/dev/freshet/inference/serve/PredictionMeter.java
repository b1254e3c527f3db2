package dev.freshet.inference.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts answers by model, path ({@code rest}, {@code kafka}) and whether they abstained:
 * {@code freshet.inference.predictions}. Coverage is the share not abstained.
 */
@ApplicationScoped
public class PredictionMeter {

    /** Where an answer went. */
    public enum Path { REST, KAFKA }

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder[]> byModel = new ConcurrentHashMap<>();

    public PredictionMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    public void answered(Path path, Answer answer) {
        String key = answer.model() + '\u0000' + path.ordinal() + '\u0000' + answer.abstained();
        counters.computeIfAbsent(key, k -> Counter.builder("freshet.inference.predictions")
                .description("answers given").tag("model", answer.model())
                .tag("path", path.name().toLowerCase()).tag("abstained", Boolean.toString(answer.abstained()))
                .register(meters)).increment();
        total.increment();
        LongAdder[] counts = byModel.computeIfAbsent(answer.model(), m -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counts[answer.abstained() ? 1 : 0].increment();
    }

    /** Answers given since start, all models and paths. */
    public long total() {
        return total.sum();
    }

    /** Share of a model's answers that did not abstain, NaN before any. */
    public double coverage(String model) {
        LongAdder[] counts = byModel.get(model);
        if (counts == null) {
            return Double.NaN;
        }
        long answered = counts[0].sum();
        long all = answered + counts[1].sum();
        return all == 0 ? Double.NaN : (double) answered / all;
    }
}

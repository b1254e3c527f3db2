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
    /** Per model: a counter per path and outcome, index {@code path * 2 + (abstained ? 1 : 0)}. */
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder[]> byModel = new ConcurrentHashMap<>();

    public PredictionMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    public void answered(Path path, Answer answer) {
        Counter[] forModel = counters.computeIfAbsent(answer.model(), this::register);
        forModel[path.ordinal() * 2 + (answer.abstained() ? 1 : 0)].increment();
        total.increment();
        LongAdder[] counts = byModel.computeIfAbsent(answer.model(), m -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counts[answer.abstained() ? 1 : 0].increment();
    }

    private Counter[] register(String model) {
        Counter[] forModel = new Counter[Path.values().length * 2];
        for (Path path : Path.values()) {
            for (boolean abstained : new boolean[] {false, true}) {
                forModel[path.ordinal() * 2 + (abstained ? 1 : 0)] = Counter.builder("freshet.inference.predictions")
                        .description("answers given").tag("model", model).tag("path", path.name().toLowerCase())
                        .tag("abstained", Boolean.toString(abstained)).register(meters);
            }
        }
        return forModel;
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

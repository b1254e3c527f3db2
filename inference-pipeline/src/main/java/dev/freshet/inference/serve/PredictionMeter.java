package dev.freshet.inference.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts answers by model, path ({@code rest}, {@code kafka}, {@code warm-up}) and whether they abstained:
 * {@code freshet.inference.predictions}. Coverage is the share not abstained; the service's own warm-up requests
 * count in neither coverage nor the total.
 */
@ApplicationScoped
public class PredictionMeter {

    /** Where an answer went. */
    public enum Path {
        REST, KAFKA, WARM_UP;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The paths users' answers go by. */
    private static final Path[] USERS = {Path.REST, Path.KAFKA};

    private final MeterRegistry meters;
    /** Per model: a counter per path and outcome, index {@code path * 2 + (abstained ? 1 : 0)}. */
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

    public PredictionMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    public void answered(Path path, Answer answer) {
        counters.computeIfAbsent(answer.model(), this::register)[index(path, answer.abstained())].increment();
    }

    private Counter[] register(String model) {
        Counter[] forModel = new Counter[Path.values().length * 2];
        for (Path path : Path.values()) {
            for (boolean abstained : new boolean[] {false, true}) {
                forModel[index(path, abstained)] = Counter.builder("freshet.inference.predictions")
                        .description("answers given").tag("model", model).tag("path", path.tag())
                        .tag("abstained", Boolean.toString(abstained)).register(meters);
            }
        }
        return forModel;
    }

    private static int index(Path path, boolean abstained) {
        return path.ordinal() * 2 + (abstained ? 1 : 0);
    }

    /** Answers given to users since start (REST and Kafka), all models. */
    public long total() {
        double sum = 0;
        for (Counter[] forModel : counters.values()) {
            for (Path path : USERS) {
                sum += forModel[index(path, false)].count() + forModel[index(path, true)].count();
            }
        }
        return (long) sum;
    }

    /** Share of a model's answers that did not abstain, NaN before any. */
    public double coverage(String model) {
        Counter[] forModel = counters.get(model);
        if (forModel == null) {
            return Double.NaN;
        }
        double answered = 0;
        double all = 0;
        for (Path path : USERS) {
            answered += forModel[index(path, false)].count();
            all += forModel[index(path, false)].count() + forModel[index(path, true)].count();
        }
        return all == 0 ? Double.NaN : answered / all;
    }
}

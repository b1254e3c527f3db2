package dev.freshet.training.status;

import dev.freshet.training.loop.TrainedModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One model's meters. Gauges read the last published status (immutable, refreshed about once a second), never
 * the model the training thread is changing; counters read the model's own counts, where a stale value is harmless.
 * The confusion matrix gets a gauge per pair of labels as the labels appear.
 */
final class ModelMeters {

    private final MeterRegistry meters;
    private final String name;
    private final Tags tags;
    private final Supplier<TrainingStatus.ModelStatus> status;
    private final Set<String> confusionCells = new HashSet<>();

    ModelMeters(MeterRegistry meters, TrainedModel model, Supplier<TrainingStatus.ModelStatus> status) {
        this.meters = meters;
        this.name = model.name();
        this.tags = Tags.of("model", model.name());
        this.status = status;
        FunctionCounter.builder("freshet.training.examples.learned", model, TrainedModel::examplesSeen).tags(tags)
                .description("Distinct examples learned across the lineage").register(meters);
        gauge("freshet.training.rolling.accuracy", "Prequential accuracy over the gate's window",
                TrainingStatus.ModelStatus::rollingAccuracy);
        gauge("freshet.training.champion.rolling.accuracy", "The champion's accuracy on the same examples",
                TrainingStatus.ModelStatus::championRollingAccuracy);
        gauge("freshet.training.version", "Latest version published",
                s -> s.latestVersion() == null ? 0.0 : s.latestVersion());
        FunctionCounter.builder("freshet.training.tested.late", model, TrainedModel::testedWithOldestState).tags(tags)
                .description("Examples observed before every kept state of the model: tested with the oldest kept")
                .register(meters);
        for (String feature : model.learner().unknownCategories().keySet()) {
            FunctionCounter.builder("freshet.training.unknown.categories", model,
                            m -> m.learner().unknownCategories().getOrDefault(feature, 0L))
                    .tags(tags.and("feature", feature))
                    .description("Examples learned whose value of a categorical feature is none of those declared")
                    .register(meters);
        }
        FunctionCounter.builder("freshet.training.drifts", model, TrainedModel::driftsSeen).tags(tags)
                .description("Drift signals counted (past the warm-up)").register(meters);
        FunctionCounter.builder("freshet.training.drift.warnings", model, m -> m.reactive().warnings()).tags(tags)
                .description("Changes of the error too small to be a drift").register(meters);
        FunctionCounter.builder("freshet.training.challengers", model, m -> m.reactive().challengersStarted())
                .tags(tags.and("outcome", "started")).register(meters);
        FunctionCounter.builder("freshet.training.challengers", model, m -> m.reactive().challengersPromoted())
                .tags(tags.and("outcome", "promoted")).register(meters);
        FunctionCounter.builder("freshet.training.challengers", model, m -> m.reactive().challengersDropped())
                .tags(tags.and("outcome", "dropped")).register(meters);
        FunctionCounter.builder("freshet.training.resets", model, m -> m.reactive().resets()).tags(tags)
                .description("Models started again from fresh weights on a drift").register(meters);
        gauge("freshet.training.challenger.accuracy", "The challenger's accuracy since it started (NaN: none)",
                s -> s.driftWatch().challenger() == null ? Double.NaN : s.driftWatch().challenger().accuracy());
    }

    private void gauge(String meter, String description, ToDoubleFunction<TrainingStatus.ModelStatus> value) {
        Gauge.builder(meter, status, s -> {
            TrainingStatus.ModelStatus now = s.get();
            return now == null ? Double.NaN : value.applyAsDouble(now);
        }).tags(tags).description(description).register(meters);
    }

    /** Registers a gauge for every cell of the confusion matrix not seen before. */
    void refresh(TrainingStatus.ModelStatus now) {
        TrainingStatus.Confusion confusion = now.confusion();
        List<String> labels = confusion.labels();
        for (int actual = 0; actual < labels.size(); actual++) {
            for (int predicted = 0; predicted < labels.size(); predicted++) {
                String actualLabel = labels.get(actual);
                String predictedLabel = labels.get(predicted);
                if (confusionCells.add(actualLabel + '\u0000' + predictedLabel)) {
                    int a = actual;
                    int p = predicted;
                    Gauge.builder("freshet.training.confusion", status, s -> {
                        TrainingStatus.ModelStatus latest = s.get();
                        long[][] counts = latest == null ? new long[0][] : latest.confusion().counts();
                        return a < counts.length && p < counts[a].length ? counts[a][p] : 0;
                    }).tags(tags.and("actual", actualLabel, "predicted", predictedLabel))
                            .description("Examples of the rolling window by true and predicted label").register(meters);
                }
            }
        }
    }

    String name() {
        return name;
    }
}

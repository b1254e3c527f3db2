package dev.freshet.training.publish;

import dev.freshet.learn.eval.MetricsReport;
import dev.freshet.training.loop.TrainedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics a version's manifest records: the gate's windows, log loss, prequential accuracy, drifts, the hold's
 * count, and the rolling confusion matrix as {@code confusion.<actual>-><predicted>} (what the dashboard draws).
 */
public final class VersionMetrics {

    /** Manifest metric: examples since the last drift signal (-1 for none), so the gate's hold survives a restart. */
    public static final String EXAMPLES_SINCE_DRIFT = "gate.examples-since-drift";
    public static final String CONFUSION = "confusion.";

    private VersionMetrics() {}

    public static Map<String, Double> of(TrainedModel model) {
        MetricsReport rolling = model.rolling();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rolling.accuracy", finite(model.candidateWindow().accuracy()));
        metrics.put("rolling.examples", (double) model.candidateWindow().count());
        metrics.put("rolling.log-loss", finite(rolling.logLoss()));
        metrics.put("prequential.accuracy", finite(model.overall().accuracy()));
        metrics.put("champion.rolling.accuracy", finite(model.championWindow().accuracy()));
        metrics.put("drifts", (double) model.driftsSeen());
        metrics.put(EXAMPLES_SINCE_DRIFT, model.examplesSinceDrift() == Long.MAX_VALUE ? -1.0
                : (double) model.examplesSinceDrift());
        List<String> labels = model.metrics().labels();
        long[][] confusion = rolling.confusion();
        for (int actual = 0; actual < labels.size() && actual < confusion.length; actual++) {
            for (int predicted = 0; predicted < labels.size(); predicted++) {
                metrics.put(CONFUSION + labels.get(actual) + "->" + labels.get(predicted),
                        (double) confusion[actual][predicted]);
            }
        }
        return metrics;
    }

    public static double finite(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }
}

package dev.freshet.learn.eval;

import java.util.List;

/**
 * Classification metrics over a span of a stream (the rolling window or the whole stream so far).
 *
 * @param examples           examples scored
 * @param accuracy           share of examples whose predicted label was right (abstentions included)
 * @param logLoss            mean negative log probability of the true label (probabilities floored at 1e-15)
 * @param coverage           share of examples answered: top probability at or above the abstention threshold
 * @param accuracyOnAnswered accuracy over the answered examples only (0 when none was answered)
 * @param classes            per-class one-vs-rest counts, precision, recall and F1, in first-seen order
 * @param confusion          confusion matrix, rows true label and columns predicted label, in
 *                           {@code classes} order; the extra last column counts "no prediction"
 */
public record MetricsReport(long examples, double accuracy, double logLoss, double coverage,
                            double accuracyOnAnswered, List<ClassMetrics> classes, long[][] confusion) {

    /** Unweighted mean F1 over the classes seen. */
    public double macroF1() {
        return classes.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
    }

    /** Metrics of one class, by label. */
    public ClassMetrics of(String label) {
        return classes.stream().filter(c -> c.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no class '" + label + "' in this report"));
    }
}

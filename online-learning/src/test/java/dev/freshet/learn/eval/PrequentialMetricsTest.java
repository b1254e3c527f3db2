package dev.freshet.learn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.learn.ClassPrediction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against hand-computed values, the rolling window, and abstention. */
class PrequentialMetricsTest {

    private static ClassPrediction binary(double pPositive) {
        String label = pPositive >= 0.5 ? "pos" : "neg";
        return new ClassPrediction(label, List.of("neg", "pos"), new double[] {1 - pPositive, pPositive});
    }

    @Test
    void binaryCountsAndScoresMatchHandComputedValues() {
        PrequentialMetrics metrics = new PrequentialMetrics(100, 0.8);
        metrics.record("pos", binary(0.9)); // TP, answered, right
        metrics.record("pos", binary(0.3)); // FN, unanswered (0.7 < 0.8)
        metrics.record("neg", binary(0.6)); // FP, unanswered
        metrics.record("neg", binary(0.05)); // TN, answered, right
        metrics.record("neg", binary(0.85)); // FP, answered, wrong

        MetricsReport report = metrics.overall();
        assertThat(report.examples()).isEqualTo(5);
        assertThat(report.accuracy()).isCloseTo(2.0 / 5, within(1e-12));
        ClassMetrics pos = report.of("pos");
        assertThat(pos.truePositives()).isEqualTo(1);
        assertThat(pos.falseNegatives()).isEqualTo(1);
        assertThat(pos.falsePositives()).isEqualTo(2);
        assertThat(pos.trueNegatives()).isEqualTo(1);
        assertThat(pos.precision()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(pos.recall()).isCloseTo(0.5, within(1e-12));
        assertThat(pos.f1()).isCloseTo(2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5), within(1e-12));
        ClassMetrics neg = report.of("neg");
        assertThat(neg.truePositives()).isEqualTo(1);
        assertThat(neg.falseNegatives()).isEqualTo(2);
        assertThat(neg.support()).isEqualTo(3);
        double expectedLoss = -(Math.log(0.9) + Math.log(0.3) + Math.log(0.4) + Math.log(0.95) + Math.log(0.15)) / 5;
        assertThat(report.logLoss()).isCloseTo(expectedLoss, within(1e-12));
        assertThat(report.coverage()).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(report.accuracyOnAnswered()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(report.macroF1()).isCloseTo((pos.f1() + neg.f1()) / 2, within(1e-12));
        // Rows are the truth, columns the prediction in label order, then "none".
        assertThat(report.confusion()[metrics.labels().indexOf("pos")]).containsExactly(1, 1, 0);
    }

    @Test
    void rollingWindowForgetsOldExamplesAndTotalsKeepThem() {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 0);
        for (int i = 0; i < 10; i++) {
            metrics.record("pos", binary(0.1)); // wrong
        }
        for (int i = 0; i < 10; i++) {
            metrics.record("pos", binary(0.9)); // right
        }
        assertThat(metrics.rolling().examples()).isEqualTo(10);
        assertThat(metrics.rolling().accuracy()).isEqualTo(1.0);
        assertThat(metrics.rolling().logLoss()).isCloseTo(-Math.log(0.9), within(1e-12));
        assertThat(metrics.overall().examples()).isEqualTo(20);
        assertThat(metrics.overall().accuracy()).isEqualTo(0.5);
        for (int i = 0; i < 5; i++) {
            metrics.record("neg", binary(0.9)); // wrong
        }
        assertThat(metrics.rolling().accuracy()).isEqualTo(0.5);
        assertThat(metrics.rolling().of("neg").falseNegatives()).isEqualTo(5);
    }

    @Test
    void multiClassAndMissingPredictionsAreCounted() {
        PrequentialMetrics metrics = new PrequentialMetrics();
        metrics.record("a", ClassPrediction.none());
        ClassPrediction abc = new ClassPrediction("b", List.of("a", "b", "c"), new double[] {0.2, 0.5, 0.3});
        metrics.record("c", abc);
        metrics.record("b", abc);
        MetricsReport report = metrics.overall();
        assertThat(report.accuracy()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(report.of("a").falseNegatives()).isEqualTo(1);
        assertThat(report.of("c").falseNegatives()).isEqualTo(1);
        assertThat(report.of("b").falsePositives()).isEqualTo(1);
        assertThat(report.logLoss()).isCloseTo((-Math.log(1e-15) - Math.log(0.3) - Math.log(0.5)) / 3, within(1e-9));
        assertThat(report.coverage()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void memoryIsBoundedByTheWindowHoweverLongTheStream() {
        PrequentialMetrics metrics = new PrequentialMetrics(1_000, 0);
        ClassPrediction p = binary(0.7);
        for (int i = 0; i < 2_000_000; i++) {
            metrics.record(i % 3 == 0 ? "neg" : "pos", p);
        }
        assertThat(metrics.rolling().examples()).isEqualTo(1_000);
        assertThat(metrics.overall().examples()).isEqualTo(2_000_000);
        // The rolling log loss stays exact after 2,000 laps of the ring buffer.
        double expected = (333 * -Math.log(0.3) + 667 * -Math.log(0.7)) / 1000;
        assertThat(metrics.rolling().logLoss()).isCloseTo(expected, within(2e-3));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new PrequentialMetrics(0, 0)).hasMessageContaining("window");
        assertThatThrownBy(() -> new PrequentialMetrics(10, 1.5)).hasMessageContaining("threshold");
    }
}

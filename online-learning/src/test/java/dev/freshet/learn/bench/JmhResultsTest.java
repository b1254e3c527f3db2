package dev.freshet.learn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.bench.BenchResult;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A small hand-written JMH result file turned into figures: examples/s, spread, baselines, ratios, targets. */
class JmhResultsTest {

    private static final double EPS = 1e-6;

    @Test
    void figuresComeFromEveryMeasuredIterationTimesTheBatchBesideTheTribuoBaselineOfTheSameBatch() throws Exception {
        BenchResult result = JmhResults.recorder(Path.of(getClass().getResource("jmh-results.json").toURI())).result();

        assertThat(result.benchmark()).isEqualTo("LearnerBenchmark");
        assertThat(result.issue()).isEqualTo(3);
        assertThat(result.setup()).contains("JMH 1.37, 2 forks × 3 iterations of 2 s after 2 warm-up iterations of 1 s")
                .contains("-Xms1g -Xmx1g");
        assertThat(result.figures()).extracting(Figure::name).containsExactly(
                "`linear` sgd 0.005: learn, batch 100",
                "`mlp` [32] adam 0.005: learn, batch 1,000",
                "`linear` sgd 0.005: test-then-learn, batch 100",
                "`linear` sgd 0.005: single prediction p50",
                "`linear` sgd 0.005: single prediction p99",
                "`mlp` [32] adam 0.005: single prediction p50",
                "`mlp` [32] adam 0.005: single prediction p99");

        // 6 iterations of 2 forks, batches/s × 100: 0.9, 1.0, 1.05, 1.1, 1.2, 1.3 M examples/s.
        Figure linear = result.figures().get(0);
        assertThat(linear.unit()).isEqualTo("examples/s");
        assertThat(linear.stats().median()).isCloseTo(1_075_000, within(EPS));
        assertThat(linear.stats().min()).isCloseTo(900_000, within(EPS));
        assertThat(linear.stats().max()).isCloseTo(1_300_000, within(EPS));
        assertThat(linear.stats().samples()).isEqualTo(6);
        assertThat(linear.target()).isEqualTo(Target.atLeast(1_000_000, "issue 3"));
        assertThat(linear.met()).isTrue();
        assertThat(linear.baseline().name()).isEqualTo("Tribuo LinearSGDTrainer.train per batch of 100");
        assertThat(linear.baseline().stats().median()).isCloseTo(500_000, within(EPS));
        assertThat(linear.baseline().stats().min()).isCloseTo(400_000, within(EPS));
        assertThat(linear.ratio()).isCloseTo(2.15, within(EPS));

        // ops/ms: 100–160 batches/s of 1,000; no Tribuo run of that batch size in the file.
        Figure mlp = result.figures().get(1);
        assertThat(mlp.stats().median()).isCloseTo(130_000, within(EPS));
        assertThat(mlp.stats().min()).isCloseTo(100_000, within(EPS));
        assertThat(mlp.stats().max()).isCloseTo(160_000, within(EPS));
        assertThat(mlp.target()).isEqualTo(Target.atLeast(150_000, "issue 3"));
        assertThat(mlp.met()).isFalse();
        assertThat(mlp.baseline()).isNull();
        assertThat(mlp.ratio()).isNaN();

        Figure testThenLearn = result.figures().get(2);
        assertThat(testThenLearn.stats().median()).isCloseTo(850_000, within(EPS));
        assertThat(testThenLearn.target()).isNull();
        assertThat(testThenLearn.ratio()).isCloseTo(1.7, within(EPS));

        // Sample mode: JMH's p50 and p99 of the two runs (batch 100 and 1,000), in ns; µs converted.
        Figure p50 = result.figures().get(3);
        assertThat(p50.unit()).isEqualTo("ns");
        assertThat(p50.stats().median()).isCloseTo(405.5, within(EPS));
        assertThat(p50.stats().min()).isCloseTo(400, within(EPS));
        assertThat(p50.stats().max()).isCloseTo(411, within(EPS));
        assertThat(p50.stats().samples()).isEqualTo(2);
        assertThat(p50.target()).isEqualTo(Target.atMost(1_000, "issue 3"));
        assertThat(p50.met()).isTrue();
        Figure p99 = result.figures().get(4);
        assertThat(p99.stats().median()).isCloseTo(1_007, within(EPS));
        assertThat(p99.target()).isNull();
        assertThat(result.figures().get(5).stats().median()).isCloseTo(1_522, within(EPS));
        assertThat(result.figures().get(5).target()).isNull();
        assertThat(result.figures().get(6).stats().median()).isCloseTo(4_744, within(EPS));
        assertThat(result.notes()).singleElement().asString().contains("once per batch value");
    }
}

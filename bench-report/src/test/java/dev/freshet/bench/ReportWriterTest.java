package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results written, read back and rendered: medians, spreads, targets met or not, ratios, series. */
class ReportWriterTest {

    @Test
    void aResultRoundTripsThroughItsFileAndRendersEveryFigureAgainstItsTarget(@TempDir Path dir) throws Exception {
        System.setProperty(BenchRecorder.RESULTS_DIR, dir.toString());
        try {
            BenchRecorder.start(ReportWriterTest.class, "Trainer", 6).setup("A backlog of 1.2 M examples.")
                    .figure(Figure.of("trainer throughput", "examples/s", Stats.of(100_000, 120_000, 90_000))
                            .target(Target.atLeast(200_000, "issue 6"))
                            .baseline("bare consumer", "records/s", Stats.of(400_000, 380_000, 420_000)))
                    .figure(Figure.of("publish delay p99", "ms", Stats.single(640)).target(Target.atMost(1000, "issue 6")))
                    .figure(Figure.of("untargeted", "ms", Stats.single(3)))
                    .series(new Series("soak", List.of("minute", "p99 ms"), List.of(List.of(1.0, 2.5), List.of(2.0, 3.25))))
                    .note("Measured while the broker shared the cores.")
                    .write();
        } finally {
            System.clearProperty(BenchRecorder.RESULTS_DIR);
        }
        List<BenchResult> read = ReportWriter.read(dir);
        assertThat(read).hasSize(1);
        BenchResult result = read.get(0);
        assertThat(result.figures().get(0).stats()).isEqualTo(new Stats(100_000, 90_000, 120_000, 3));
        assertThat(result.figures().get(0).ratio()).isEqualTo(0.25);
        assertThat(result.figures().get(0).met()).isFalse();
        assertThat(result.figures().get(1).met()).isTrue();
        assertThat(result.machine().cores()).isPositive();

        String md = ReportWriter.render(read);
        assertThat(md).contains("| 6 | trainer throughput | 100,000 examples/s | 90,000–120,000 | 3 | ≥ 200,000 examples/s (issue 6) | **no** | bare consumer: 400,000 records/s | 0.25× |");
        assertThat(md).contains("| 6 | publish delay p99 | 640 ms | — | 1 | ≤ 1,000 ms (issue 6) | yes | — | — |");
        assertThat(md).doesNotContain("| 6 | untargeted |").contains("| untargeted | 3 ms |");
        assertThat(md).contains("## Trainer (issue 6)").contains("A backlog of 1.2 M examples.")
                .contains("| minute | p99 ms |").contains("| 1 | 2.50 |").contains("* Measured while the broker shared the cores.");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.of(4, 1, 3, 2)).isEqualTo(new Stats(2.5, 1, 4, 4));
        assertThat(ReportWriter.number(0.000412)).isEqualTo("0.000412");
        assertThat(ReportWriter.number(36_673.4)).isEqualTo("36,673");
    }
}

package dev.freshet.bench;

import java.time.Instant;
import java.util.List;

/**
 * One benchmark's outcome, as stored in {@code bench/results/<benchmark>.json}.
 *
 * @param benchmark the class that measured it, e.g. {@code TrainingBenchmark}
 * @param title     what it measures, a heading of the report
 * @param issue     the issue whose targets it checks
 * @param command   how to run it again
 * @param setup     what was measured and how (data, rounds, warm-up, baseline)
 * @param seconds   how long the benchmark ran
 */
public record BenchResult(String benchmark, String title, int issue, String command, String setup, Instant date,
                          double seconds, Machine machine, List<Figure> figures, List<Series> series,
                          List<String> notes) {

    public BenchResult {
        figures = List.copyOf(figures);
        series = series == null ? List.of() : List.copyOf(series);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}

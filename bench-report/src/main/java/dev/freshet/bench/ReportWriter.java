package dev.freshet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes BENCHMARKS.md from every result in a results directory: the machines and dates, one summary table of
 * every figure against its target, then each benchmark's setup, figures with spread and same-run baselines,
 * series and notes. {@code make bench} runs it last; {@code java ... ReportWriter <results dir> <output>}.
 */
public final class ReportWriter {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReportWriter() {}

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "bench/results");
        Path output = Path.of(args.length > 1 ? args[1] : "BENCHMARKS.md");
        List<BenchResult> all = read(results);
        Files.writeString(output, render(all));
        System.out.println("Wrote " + output + " from " + all.size() + " results in " + results);
    }

    static List<BenchResult> read(Path dir) throws IOException {
        List<BenchResult> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add(BenchRecorder.read(file));
            }
        }
        all.sort(Comparator.comparingInt(BenchResult::issue).thenComparing(BenchResult::benchmark));
        return all;
    }

    static String render(List<BenchResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `make bench` from `bench/results/*.json` (each benchmark writes its own file; `make soak` "
                + "adds the soak run). Every figure is the median of repeated measurements with its spread, beside the "
                + "target of the issue that set it and, where there is one, a baseline measured in the same run on the "
                + "same machine. These machines are shared and noisy: compare ratios, not absolute values, across runs. "
                + "Earlier runs, profiles and what changed the figures: [docs/benchmark-history.md](docs/benchmark-history.md).\n\n");
        List<String> machines = results.stream().map(r -> r.machine().describe()).distinct().toList();
        md.append(machines.size() == 1 ? "Machine: " + machines.get(0) + ".\n\n" : "Machines: " + String.join("; ", machines) + ".\n\n");

        md.append("## Summary\n\nEvery figure an issue sets a target for; the sections below have all of them.\n\n");
        md.append("| issue | figure | median | spread | n | target | met | baseline (same run) | ratio | measured |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (BenchResult r : results) {
            for (Figure f : r.figures().stream().filter(f -> f.target() != null).toList()) {
                md.append("| ").append(r.issue()).append(" | ").append(f.name()).append(" | ")
                        .append(value(f.stats().median(), f.unit())).append(" | ").append(spread(f.stats(), f.unit()))
                        .append(" | ").append(f.stats().samples()).append(" | ").append(target(f)).append(" | ")
                        .append(f.met() == null ? "—" : f.met() ? "yes" : "**no**").append(" | ")
                        .append(f.baseline() == null ? "—" : f.baseline().name() + ": "
                                + value(f.baseline().stats().median(), f.baseline().unit()))
                        .append(" | ").append(Double.isNaN(f.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f×", f.ratio()))
                        .append(" | ").append(DAY.format(r.date())).append(" |\n");
            }
        }
        md.append('\n');

        for (BenchResult r : results) {
            md.append("## ").append(r.title()).append(" (issue ").append(r.issue()).append(")\n\n");
            md.append("`").append(r.benchmark()).append("`, ").append(DAY.format(r.date()))
                    .append(String.format(Locale.ROOT, ", %.0f s", r.seconds())).append(". Command: `")
                    .append(r.command()).append("`.");
            if (machines.size() > 1) {
                md.append(" Machine: ").append(r.machine().describe()).append('.');
            }
            md.append("\n\n");
            if (!r.setup().isBlank()) {
                md.append(r.setup().strip()).append("\n\n");
            }
            if (!r.figures().isEmpty()) {
                md.append("| figure | median | min–max | n | target | baseline, same run | ratio |\n|---|---|---|---|---|---|---|\n");
                for (Figure f : r.figures()) {
                    md.append("| ").append(f.name()).append(" | ").append(value(f.stats().median(), f.unit()))
                            .append(" | ").append(spread(f.stats(), f.unit())).append(" | ").append(f.stats().samples())
                            .append(" | ").append(target(f)).append(f.met() == null ? "" : f.met() ? " (met)" : " (**not met**)")
                            .append(" | ").append(f.baseline() == null ? "—" : f.baseline().name() + ": "
                                    + value(f.baseline().stats().median(), f.baseline().unit()) + " ("
                                    + spread(f.baseline().stats(), f.baseline().unit()) + ")")
                            .append(" | ").append(Double.isNaN(f.ratio()) ? "—" : String.format(Locale.ROOT, "%.2f×", f.ratio()))
                            .append(" |\n");
                }
                md.append('\n');
            }
            for (Series s : r.series()) {
                md.append("**").append(s.name()).append("**\n\n| ").append(String.join(" | ", s.columns())).append(" |\n|")
                        .append("---|".repeat(s.columns().size())).append('\n');
                for (List<Double> row : s.rows()) {
                    md.append("| ");
                    for (int i = 0; i < row.size(); i++) {
                        md.append(number(row.get(i))).append(i + 1 < row.size() ? " | " : " |\n");
                    }
                }
                md.append('\n');
            }
            for (String note : r.notes()) {
                md.append("* ").append(note).append('\n');
            }
            if (!r.notes().isEmpty()) {
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String target(Figure f) {
        if (f.target() == null) {
            return "—";
        }
        return (f.target().atLeast() ? "≥ " : "≤ ") + value(f.target().value(), f.unit()) + " (" + f.target().source() + ")";
    }

    private static String spread(Stats s, String unit) {
        return s.samples() == 1 ? "—" : number(s.min()) + "–" + number(s.max());
    }

    static String value(double v, String unit) {
        return number(v) + (unit == null || unit.isBlank() ? "" : " " + unit);
    }

    /** Thousands separated from 1,000 up, three significant digits below. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}

package dev.freshet.learn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.learn.LearnerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Records JMH's JSON results of {@link LearnerBenchmark} and {@link TribuoBaselineBenchmark} for the benchmark
 * report (issue 3): examples learned per second, each beside Tribuo's batch trainer on batches of the same size,
 * and single-prediction latency. {@code make bench} runs it after JMH: {@code JmhResults [target/jmh-results.json]}.
 */
public final class JmhResults {

    private static final String ISSUE = "issue 3";
    private static final Map<String, Double> LEARN_TARGETS = Map.of(LearnerSettings.LINEAR, 1_000_000.0,
            LearnerSettings.MLP, 150_000.0);
    private static final double PREDICT_P50_TARGET_NS = 1_000;

    /** One benchmark method measured with one set of parameters: an element of JMH's JSON array. */
    private record Run(String benchmark, String method, Map<String, String> params, JsonNode json) {

        String mode() {
            return json.path("mode").asText();
        }

        JsonNode metric() {
            return json.path("primaryMetric");
        }

        int batch() {
            return Integer.parseInt(params.get("batch"));
        }
    }

    private JmhResults() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "target/jmh-results.json");
        BenchRecorder recorder = recorder(file);
        for (Figure f : recorder.result().figures()) {
            System.out.printf(Locale.ROOT, "%s: %,.0f %s (%,.0f–%,.0f, n %d)%s%s%n", f.name(), f.stats().median(),
                    f.unit(), f.stats().min(), f.stats().max(), f.stats().samples(),
                    f.met() == null ? "" : f.met() ? ", target met" : ", target NOT met",
                    Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, ", %.2fx the baseline", f.ratio()));
        }
        recorder.write();
    }

    /** The figures of a JMH result file, as {@link #main} records them. */
    static BenchRecorder recorder(Path file) throws IOException {
        List<Run> runs = read(file);
        List<Run> learner = of(runs, LearnerBenchmark.class);
        if (learner.isEmpty()) {
            throw new IllegalArgumentException("No results of LearnerBenchmark in " + file);
        }
        List<Run> tribuo = of(runs, TribuoBaselineBenchmark.class);
        BenchRecorder recorder = BenchRecorder.start(LearnerBenchmark.class, "Online learners: speed", 3)
                .setup(setup(learner.get(0).json()));

        for (String method : List.of("learnBatch", "testThenLearnBatch")) {
            for (Run run : learner.stream().filter(r -> r.method().equals(method)).toList()) {
                String algorithm = run.params().get("algorithm");
                Figure figure = Figure.of(String.format(Locale.ROOT, "%s: %s, batch %,d",
                                QualitySweep.describe(LearnerBenchmark.settings(algorithm)),
                                method.equals("learnBatch") ? "learn" : "test-then-learn", run.batch()),
                        "examples/s", examplesPerSecond(run));
                if (method.equals("learnBatch") && LEARN_TARGETS.containsKey(algorithm)) {
                    figure = figure.target(Target.atLeast(LEARN_TARGETS.get(algorithm), ISSUE));
                }
                Optional<Run> baseline = tribuo.stream().filter(t -> t.batch() == run.batch()).findFirst();
                if (baseline.isPresent()) {
                    figure = figure.baseline(String.format(Locale.ROOT, "Tribuo LinearSGDTrainer.train per batch of %,d",
                            run.batch()), "examples/s", examplesPerSecond(baseline.get()));
                }
                recorder.figure(figure);
            }
        }

        // predictOne ignores the batch parameter, so JMH measures it once per batch value: one group per algorithm.
        Map<String, List<Run>> predictions = new LinkedHashMap<>();
        learner.stream().filter(r -> r.method().equals("predictOne"))
                .forEach(r -> predictions.computeIfAbsent(r.params().get("algorithm"), a -> new ArrayList<>()).add(r));
        predictions.forEach((algorithm, group) -> {
            String name = QualitySweep.describe(LearnerBenchmark.settings(algorithm)) + ": single prediction";
            Target target = LearnerSettings.LINEAR.equals(algorithm) ? Target.atMost(PREDICT_P50_TARGET_NS, ISSUE) : null;
            recorder.figure(Figure.of(name + " p50", "ns", percentile(group, "50.0")).target(target));
            recorder.figure(Figure.of(name + " p99", "ns", percentile(group, "99.0")));
        });
        if (predictions.values().stream().anyMatch(g -> g.size() > 1)) {
            recorder.note("Single prediction: predictOne does not use the batch parameter, so JMH measured it once per "
                    + "batch value; p50 and p99 are JMH's percentiles over all samples of each such run, given as the "
                    + "median and range over the runs.");
        }
        return recorder;
    }

    private static List<Run> read(Path file) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (JsonNode node : new ObjectMapper().readTree(file.toFile())) {
            String benchmark = node.path("benchmark").asText();
            int method = benchmark.lastIndexOf('.');
            int type = benchmark.lastIndexOf('.', method - 1);
            Map<String, String> params = new LinkedHashMap<>();
            node.path("params").properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
            runs.add(new Run(benchmark.substring(type + 1, method), benchmark.substring(method + 1), params, node));
        }
        return runs;
    }

    private static List<Run> of(List<Run> runs, Class<?> benchmark) {
        return runs.stream().filter(r -> r.benchmark().equals(benchmark.getSimpleName())).toList();
    }

    private static String setup(JsonNode run) {
        List<String> jvmArgs = new ArrayList<>();
        run.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
        return String.format(Locale.ROOT, "JMH %s, %d forks × %d iterations of %s after %d warm-up iterations of %s, "
                        + "%d thread, JVM options %s. Data: a seeded linear concept over %d dense features with 5%% label "
                        + "noise (BenchData); each learner has its default settings and learned 10,000 examples first. "
                        + "Examples per second = JMH's batches per second × batch size; median and min–max over every "
                        + "measured iteration of every fork. Baseline in the same run: Tribuo's own LinearSGDTrainer "
                        + "(logistic loss, constant-rate SGD, one epoch, minibatch 1) trained from scratch on each batch "
                        + "of the same size, what calling train() per mini-batch costs; single prediction is the immutable "
                        + "model's predict(FeatureVector) in JMH's sample mode.",
                run.path("jmhVersion").asText(), run.path("forks").asInt(), run.path("measurementIterations").asInt(),
                run.path("measurementTime").asText(), run.path("warmupIterations").asInt(), run.path("warmupTime").asText(),
                run.path("threads").asInt(), String.join(" ", jvmArgs), BenchData.FEATURES);
    }

    /** Examples per second in each measured iteration of each fork (JMH's rawData): batches per second × batch. */
    private static Stats examplesPerSecond(Run run) {
        String unit = run.metric().path("scoreUnit").asText();
        List<Double> values = new ArrayList<>();
        run.metric().path("rawData").forEach(fork -> fork.forEach(v -> values.add(v.asDouble())));
        if (values.isEmpty()) {
            throw new IllegalArgumentException(run.benchmark() + "." + run.method() + " " + run.params()
                    + ": no per-iteration data in mode " + run.mode());
        }
        return Stats.of(values.stream().map(v -> opsPerSecond(v, unit) * run.batch()).toList());
    }

    /** One percentile (JMH's key, e.g. "50.0") of each sample-mode run in nanoseconds: median and range over the runs. */
    private static Stats percentile(List<Run> group, String key) {
        List<Double> values = new ArrayList<>();
        for (Run r : group) {
            if (!r.mode().equals("sample")) {
                throw new IllegalArgumentException(r.benchmark() + "." + r.method() + " " + r.params() + " in mode "
                        + r.mode() + ": percentiles need sample mode (Mode.SampleTime)");
            }
            values.add(nanosPerOp(r.metric().path("scorePercentiles").path(key).asDouble(),
                    r.metric().path("scoreUnit").asText()));
        }
        return Stats.of(values);
    }

    /** A score in {@code ops/<time>} or, for the time modes, {@code <time>/op}, as operations per second. */
    private static double opsPerSecond(double score, String unit) {
        if (unit.startsWith("ops/")) {
            return score / seconds(unit.substring(4));
        }
        return 1 / (nanosPerOp(score, unit) * 1e-9);
    }

    /** A score in {@code <time>/op} in nanoseconds. */
    private static double nanosPerOp(double score, String unit) {
        if (!unit.endsWith("/op")) {
            throw new IllegalArgumentException("Not a time per operation: " + unit);
        }
        return score * seconds(unit.substring(0, unit.length() - 3)) * 1e9;
    }

    private static double seconds(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("Unknown JMH time unit: " + timeUnit);
        };
    }
}

package dev.freshet.learn.cli;

import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.data.CsvExampleReader;
import dev.freshet.learn.data.MissingValuePolicy;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.drift.DriftReaction;
import dev.freshet.learn.drift.ReactiveLearner;
import dev.freshet.learn.drift.StreamReplay;
import dev.freshet.learn.eval.ClassMetrics;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.MetricsReport;
import dev.freshet.learn.eval.PrequentialMetrics;
import dev.freshet.learn.network.Activation;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.learn.train.OnlineLearners;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.freshet.learn.encode.InputEncoding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backtest}: replays a labelled CSV through a learner as the trainer learns a stream ({@link StreamReplay}
 * driving the trainer's {@link ReactiveLearner}): each example tested at its event time, then trained once its
 * label has come, its error watched for drift and the trainer's reaction applied. Prints rolling metrics as it
 * goes, then the final metrics, drift points, the reaction and throughput.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replay a labelled CSV test-then-train through an online learner and report its metrics.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the file could not be read or its columns are unusable", "2:invalid command line"})
public final class BacktestCommand implements Callable<Integer> {

    @Option(names = "--csv", required = true, description = "Labelled CSV file with a header line.")
    Path csv;

    @Option(names = "--label", required = true, description = "Column holding the class label.")
    String label;

    @Option(names = "--model", defaultValue = "linear", description = "linear or mlp (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--hidden", split = ",", description = "mlp hidden layer sizes, e.g. 32 or 32,16 (default 32).")
    int[] hidden;

    @Option(names = "--activation", description = "mlp activation: relu, tanh or sigmoid (default tanh).")
    String activation;

    @Option(names = "--optimizer", description = "sgd, adagrad or adam (default: sgd for linear, adam for mlp).")
    String optimizer;

    @Option(names = "--learning-rate", description = "Step size (default: 0.005 for both).")
    Double learningRate;

    @Option(names = "--l2", defaultValue = "0", description = "L2 penalty per example (default ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    EncodingOptions encodings;

    @Option(names = "--replay-window", defaultValue = "0",
            description = "Recent examples kept to replay after each new one (default ${DEFAULT-VALUE}: no replay).")
    int replayWindow;

    @Option(names = "--replay-per-example", defaultValue = "3",
            description = "Recent examples replayed after each new one, with --replay-window (default ${DEFAULT-VALUE}).")
    int replayPerExample;

    @Option(names = "--ignore", split = ",", description = "Columns to leave out, e.g. an id column.")
    List<String> ignore = List.of();

    @Option(names = "--missing", defaultValue = "impute",
            description = "Missing values (?, empty, NA, NaN): impute (the feature's running mean) or skip-row "
                    + "(default ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--window", defaultValue = "10000", description = "Rolling window in examples (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--abstain-below", defaultValue = "0",
            description = "Count a prediction as unanswered when its top probability is below this (default ${DEFAULT-VALUE}).")
    double abstainBelow;

    @Option(names = "--label-delay", defaultValue = "0",
            description = "Labels come N rows after their example, which is tested before them (default ${DEFAULT-VALUE}).")
    int labelDelay;

    @Option(names = "--event-time", paramLabel = "COLUMN",
            description = "Column saying when each example was observed (epoch ms, ISO-8601 or a date, UTC); "
                    + "rows are in its order. Default: the row number.")
    String eventTime;

    @Option(names = "--label-time", paramLabel = "COLUMN",
            description = "Column saying when each label came, with --event-time: an example is tested as the "
                    + "learner was before every label that came after it was observed. Default: at once.")
    String labelTime;

    @Option(names = "--reaction", defaultValue = "challenger",
            description = "What a drift signal does, as in the trainer: none, challenger or reset (default ${DEFAULT-VALUE}).")
    String reaction;

    @Option(names = "--report-every", defaultValue = "0",
            description = "Print rolling metrics every N examples (default: ten times over the file).")
    long reportEvery;

    @Option(names = "--progress", defaultValue = "auto",
            description = "Progress bar on standard error: auto (files over 1 MB), always or never.")
    String progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LearnerSettings settings = settings();
        MissingValuePolicy missingValues = MissingValuePolicy.parse(missing); // refused before the file is read
        long size = Files.size(csv);
        long lines = reportEvery > 0 ? 0 : countLines(csv);
        long every = reportEvery > 0 ? reportEvery : Math.max(1, lines / 10);
        PrequentialMetrics metrics = new PrequentialMetrics(window, abstainBelow);
        DriftPolicy policy = driftPolicy();
        if (labelDelay < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--label-delay cannot be negative: " + labelDelay);
        }
        if (labelTime != null && eventTime == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--label-time needs --event-time");
        }
        if ((eventTime != null || labelTime != null) && labelDelay != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--label-delay counts rows; with time columns the delay is in --label-time");
        }
        List<String> timeColumns = new ArrayList<>();
        if (eventTime != null) {
            timeColumns.add(eventTime);
        }
        if (labelTime != null) {
            timeColumns.add(labelTime);
        }

        long start = System.nanoTime();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CsvExampleReader examples = new CsvExampleReader(reader, label, new HashSet<>(ignore), missingValues,
                     timeColumns);
             ProgressBar bar = progressBar(size)) {
            settings = settings.withEncoding(encoding().requireKnown(examples.featureNames()));
            StreamReplay replay = new StreamReplay(new ReactiveLearner(OnlineLearners.create(settings), metrics,
                    policy, 0, Long.MAX_VALUE));
            out.printf(Locale.ROOT, "Backtest of %s on %s (label '%s'), %s%n", settings.algorithm(), csv, label, settings);
            out.printf(Locale.ROOT, "Features: %s; drift reaction: %s%n", examples.featureNames(),
                    policy.reaction().configName());
            long row = 0;
            long reported = 0;
            while (examples.hasNext()) {
                var example = examples.next();
                long[] times = examples.times();
                long observedAt = eventTime == null ? row : times[0];
                long labelledAt = labelTime != null ? times[1] : eventTime == null ? row + labelDelay : observedAt;
                replay.observe(example, observedAt, labelledAt);
                row++;
                if (bar != null && row % 1024 == 0) {
                    bar.stepTo(examples.rowsRead());
                }
                long learned = replay.learner().examplesSeen();
                if (learned / every > reported) {
                    reported = learned / every;
                    MetricsReport rolling = metrics.rolling();
                    out.printf(Locale.ROOT, "  after %,d: rolling accuracy %.4f, log loss %.4f, macro F1 %.4f%n",
                            learned, rolling.accuracy(), rolling.logLoss(), rolling.macroF1());
                    out.flush();
                }
            }
            replay.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            report(out, replay, examples, seconds);
        }
        return 0;
    }

    /** The trainer's drift settings, its warm-up and a challenger's trial as long as the rolling window. */
    private DriftPolicy driftPolicy() {
        DriftPolicy trainer = DriftPolicy.defaults();
        try {
            return new DriftPolicy(trainer.minChange(), window, DriftReaction.parse(reaction), trainer.challengerStart(),
                    trainer.hold(), window);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reaction: " + e.getMessage());
        }
    }

    private LearnerSettings settings() {
        LearnerSettings settings = switch (model.toLowerCase(Locale.ROOT)) {
            case LearnerSettings.LINEAR -> LearnerSettings.linear();
            case LearnerSettings.MLP -> LearnerSettings.mlp();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--model must be linear or mlp, not '" + model + "'");
        };
        if (hidden != null) {
            settings = settings.withHiddenSizes(hidden);
        }
        if (activation != null) {
            settings = settings.withActivation(Activation.parse(activation));
        }
        if (optimizer != null || learningRate != null) {
            settings = settings.withOptimizer(optimizer == null ? settings.optimizer() : OptimizerKind.parse(optimizer),
                    learningRate == null ? settings.learningRate() : learningRate);
        }
        try {
            settings = settings.withReplay(new LearnerSettings.Replay(replayWindow, replayPerExample));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--replay-window/--replay-per-example: "
                    + e.getMessage());
        }
        return settings.withL2(l2).withSeed(seed);
    }

    /** The encodings, groups and crosses given on the command line. */
    private InputEncoding encoding() {
        try {
            return encodings.encoding();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ProgressBar progressBar(long bytes) {
        boolean show = switch (progress) {
            case "always" -> true;
            case "never" -> false;
            default -> bytes > 1_000_000;
        };
        if (!show) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("backtest").setUnit(" rows", 1).setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build();
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.count() - 1);
        }
    }

    private void report(PrintWriter out, StreamReplay replay, CsvExampleReader examples, double seconds) {
        ReactiveLearner learner = replay.learner();
        MetricsReport overall = learner.metrics().overall();
        MetricsReport rolling = learner.metrics().rolling();
        out.printf(Locale.ROOT, "%nRows read %,d; examples %,d; bad rows %,d; skipped for missing values %,d; "
                        + "missing values imputed %,d%n", examples.rowsRead(), learner.examplesSeen(), examples.badRows(),
                examples.skippedRows(), examples.imputedValues());
        examples.badRowReasons().forEach((reason, count) -> out.printf(Locale.ROOT, "  bad: %s (%,d rows)%n", reason, count));
        examples.badRowSamples().forEach(sample -> out.printf("  e.g. %s%n", sample));
        out.printf(Locale.ROOT, "%n%-22s %10s %10s%n", "prequential", "overall", "rolling");
        line(out, "examples", overall.examples(), rolling.examples());
        line(out, "accuracy", overall.accuracy(), rolling.accuracy());
        line(out, "log loss", overall.logLoss(), rolling.logLoss());
        line(out, "macro F1", overall.macroF1(), rolling.macroF1());
        if (abstainBelow > 0) {
            line(out, "coverage", overall.coverage(), rolling.coverage());
            line(out, "accuracy on answered", overall.accuracyOnAnswered(), rolling.accuracyOnAnswered());
        }
        out.printf(Locale.ROOT, "%n%-12s %8s %8s %8s %8s %9s %7s %7s%n", "class", "TP", "FP", "FN", "TN", "precision",
                "recall", "F1");
        for (ClassMetrics c : overall.classes()) {
            out.printf(Locale.ROOT, "%-12s %8d %8d %8d %8d %9.4f %7.4f %7.4f%n", c.label(), c.truePositives(),
                    c.falsePositives(), c.falseNegatives(), c.trueNegatives(), c.precision(), c.recall(), c.f1());
        }
        List<DriftEvent> events = replay.drifts();
        out.printf(Locale.ROOT, "%nDrift detected %d times (signals in the first %,d examples do not count)%s%n",
                learner.driftsSeen(), learner.policy().warmUp(), events.isEmpty() ? "" : ":");
        events.forEach(e -> out.printf(Locale.ROOT, "  at example %,d by %s (%s)%n", e.example(), e.detector(),
                e.change()));
        out.printf(Locale.ROOT, "Drift reaction %s: %d challengers started, %d promoted, %d dropped; %d resets%n",
                learner.policy().reaction().configName(), learner.challengersStarted(), learner.challengersPromoted(),
                learner.challengersDropped(), learner.resets());
        replay.reactions().forEach(r -> out.printf(Locale.ROOT, "  %s: %s%n", r.kind(), r.detail()));
        if (learner.testedWithOldestState() > 0) {
            out.printf(Locale.ROOT, "Tested with the oldest state kept (a label later than the states span): %,d%n",
                    learner.testedWithOldestState());
        }
        out.printf(Locale.ROOT, "%nThroughput: %,.0f examples/s (%,d in %.2f s, reading and parsing included)%n",
                learner.examplesSeen() / Math.max(seconds, 1e-9), learner.examplesSeen(), seconds);
    }

    private static void line(PrintWriter out, String name, double overall, double rolling) {
        out.printf(Locale.ROOT, "%-22s %10.4f %10.4f%n", name, overall, rolling);
    }

    private static void line(PrintWriter out, String name, long overall, long rolling) {
        out.printf(Locale.ROOT, "%-22s %10d %10d%n", name, overall, rolling);
    }

    /** The command line with errors reported as one clear line and exit code 1. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BacktestCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
            commandLine.getErr().println("error: " + message);
            return 1;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

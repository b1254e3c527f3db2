package dev.freshet.learn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.Streams;
import dev.freshet.learn.data.SyntheticStreams;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The backtest command on real files: results, drift points, bad input, exit codes. */
class BacktestCommandTest {

    @TempDir
    Path dir;

    @Test
    void breastCancerBacktestReportsAccuracyCoverageAndThroughput() throws Exception {
        Path csv = dir.resolve("bc.csv");
        try (InputStream in = Streams.class.getResourceAsStream("/dev/freshet/learn/data/breast-cancer-wisconsin.csv")) {
            Files.copy(in, csv);
        }
        Result result = run("--csv", csv.toString(), "--label", "class", "--ignore", "id", "--abstain-below", "0.8");
        assertThat(result.exit).as(result.err).isZero();
        assertThat(result.out).contains("examples 699", "missing values imputed 16", "coverage", "Throughput:");
        assertThat(number(result.out, "(?m)^accuracy\\s+([0-9.]+)")).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void driftingStreamReportsDriftPointsForBothModels() throws Exception {
        Path csv = dir.resolve("flip.csv");
        try (Writer out = Files.newBufferedWriter(csv)) {
            out.write("x0,x1,x2,x3,x4,y\n");
            for (LabelledExample e : SyntheticStreams.abruptFlip(4, 5, 10_000, 0.05).limit(20_000).toList()) {
                double[] v = e.features().values();
                out.write(String.format(Locale.ROOT, "%f,%f,%f,%f,%f,%s%n", v[0], v[1], v[2], v[3], v[4], e.label()));
            }
        }
        Result linear = run("--csv", csv.toString(), "--label", "y", "--model", "linear", "--progress", "always");
        assertThat(linear.exit).as(linear.err).isZero();
        Matcher first = Pattern.compile("at example ([0-9,]+) by adwin.* \\(error 0\\.[0-9]+ -> 0\\.[0-9]+\\)")
                .matcher(linear.out);
        assertThat(first.find()).as(linear.out).isTrue();
        long at = Long.parseLong(first.group(1).replace(",", ""));
        assertThat(at).isBetween(10_001L, 10_500L);
        assertThat(linear.out).contains("Drift reaction challenger: 1 challengers started");
        // The mlp (Adam) turns its output round within a few dozen examples: the trainer's detector, calibrated not
        // to fire on a short swing, may stay quiet; then the model has followed the flip by itself.
        Result mlp = run("--csv", csv.toString(), "--label", "y", "--model", "mlp", "--window", "2000");
        assertThat(mlp.exit).as(mlp.err).isZero();
        Matcher signal = Pattern.compile("at example ([0-9,]+) by adwin").matcher(mlp.out);
        if (signal.find()) {
            assertThat(Long.parseLong(signal.group(1).replace(",", ""))).isBetween(10_001L, 10_500L);
        } else {
            assertThat(number(mlp.out, "after 12,000: rolling accuracy ([0-9.]+)")).as(mlp.out).isGreaterThan(0.85);
        }
    }

    @Test
    void badInputGivesAClearErrorAndExitCode() throws Exception {
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "shop,busy\ncafe,yes\n");
        Result refused = run("--csv", text.toString(), "--label", "busy");
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.err).contains("column 'shop'", "--ignore shop");

        Result missing = run("--csv", dir.resolve("absent.csv").toString(), "--label", "y");
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.err).contains("no such file");

        Result wrongModel = run("--csv", text.toString(), "--label", "busy", "--model", "forest");
        assertThat(wrongModel.exit).isEqualTo(2);
        assertThat(wrongModel.err).contains("linear or mlp");

        Path badRows = dir.resolve("bad.csv");
        Files.writeString(badRows, "a,b,y\n1,2,p\n3,x,q\n4\n5,6,p\n");
        Result counted = run("--csv", badRows.toString(), "--label", "y");
        assertThat(counted.exit).isZero();
        assertThat(counted.out).contains("bad rows 2", "column 'b' is not a number", "examples 2");
    }

    @Test
    void encodingsAndCrossesLetALinearModelLearnAnInteraction() throws Exception {
        // The label is shop type by hour (a table no line separates); 5 % label noise.
        Path csv = dir.resolve("shops.csv");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        try (Writer out = Files.newBufferedWriter(csv)) {
            out.write("type_a,type_b,hour,busy\n");
            for (int i = 0; i < 20_000; i++) {
                boolean a = random.nextBoolean();
                int hour = random.nextInt(24);
                boolean busy = a ? hour >= 11 && hour <= 14 : hour <= 9 || hour >= 18;
                if (random.nextDouble() < 0.05) {
                    busy = !busy;
                }
                out.write((a ? "1,0," : "0,1,") + hour + "," + (busy ? "yes" : "no") + "\n");
            }
        }
        Result plain = run("--csv", csv.toString(), "--label", "busy");
        Result crossed = run("--csv", csv.toString(), "--label", "busy", "--categorical", "hour:0..23",
                "--group", "type:type_a,type_b", "--cross", "type*hour", "--replay-window", "1000");
        assertThat(crossed.exit).as(crossed.err).isZero();
        assertThat(crossed.out).contains("encoding.cross.1=type*hour", "replay-window=1000");
        assertThat(number(plain.out, "(?m)^accuracy\\s+[0-9.]+\\s+([0-9.]+)")).isLessThan(0.8);
        assertThat(number(crossed.out, "(?m)^accuracy\\s+[0-9.]+\\s+([0-9.]+)")).isGreaterThan(0.93);

        Result unknown = run("--csv", csv.toString(), "--label", "busy", "--cross", "type*hour");
        assertThat(unknown.exit).isEqualTo(1);
        assertThat(unknown.err).contains("type*hour", "'type'");
        Result zeroPeriod = run("--csv", csv.toString(), "--label", "busy", "--cyclical", "hour:0");
        assertThat(zeroPeriod.exit).isEqualTo(2);
        assertThat(zeroPeriod.err).contains("'hour'", "period above 0");
        Result duplicates = run("--csv", csv.toString(), "--label", "busy", "--categorical", "hour:1,2,1");
        assertThat(duplicates.exit).isEqualTo(2);
        assertThat(duplicates.err).contains("'hour'", "twice");
    }

    @Test
    void timeColumnsReplayTheStreamAsTheTrainerLearnsItLabelsWhenTheyCome() throws Exception {
        // The label flips every hour; no feature tells the hours apart; an hour's labels come at its end.
        Path csv = dir.resolve("hours.csv");
        try (Writer out = Files.newBufferedWriter(csv)) {
            out.write("noise,observed,labelled,y\n");
            java.util.Random random = new java.util.Random(1);
            for (int h = 0; h < 60; h++) {
                for (int i = 0; i < 50; i++) {
                    long observed = h * 3_600_000L + i * 60_000L;
                    out.write(String.format(Locale.ROOT, "%f,%d,%d,%s%n", random.nextDouble(), observed,
                            (h + 1) * 3_600_000L, h % 2 == 0 ? "even" : "odd"));
                }
            }
        }
        Result honest = run("--csv", csv.toString(), "--label", "y", "--learning-rate", "0.5", "--event-time",
                "observed", "--label-time", "labelled");
        assertThat(honest.exit).as(honest.err).isZero();
        assertThat(honest.out).contains("Features: [noise]", "examples 3,000", "Drift reaction challenger");
        assertThat(number(honest.out, "(?m)^accuracy\\s+([0-9.]+)")).as("no peek at the hour's labels").isLessThan(0.2);
        Result atOnce = run("--csv", csv.toString(), "--label", "y", "--learning-rate", "0.5", "--event-time",
                "observed", "--ignore", "labelled");
        assertThat(number(atOnce.out, "(?m)^accuracy\\s+([0-9.]+)")).as("labels known at once").isGreaterThan(0.8);

        Result alone = run("--csv", csv.toString(), "--label", "y", "--label-time", "labelled");
        assertThat(alone.exit).isEqualTo(2);
        assertThat(alone.err).contains("--label-time needs --event-time");
        Result both = run("--csv", csv.toString(), "--label", "y", "--event-time", "observed", "--label-delay", "5",
                "--ignore", "labelled");
        assertThat(both.exit).isEqualTo(2);
        assertThat(both.err).contains("--label-delay counts rows");
        Result negative = run("--csv", csv.toString(), "--label", "y", "--label-delay", "-1", "--ignore", "labelled,observed");
        assertThat(negative.exit).isEqualTo(2);
        assertThat(negative.err).contains("--label-delay cannot be negative");
        Result reaction = run("--csv", csv.toString(), "--label", "y", "--reaction", "retrain");
        assertThat(reaction.exit).isEqualTo(2);
        assertThat(reaction.err).contains("--reaction");
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BacktestCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}
}

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
        for (String model : new String[] {"linear", "mlp"}) {
            Result result = run("--csv", csv.toString(), "--label", "y", "--model", model, "--progress", "always");
            assertThat(result.exit).as(result.err).isZero();
            Matcher first = Pattern.compile("at example ([0-9,]+) by adwin").matcher(result.out);
            assertThat(first.find()).as(result.out).isTrue();
            long at = Long.parseLong(first.group(1).replace(",", ""));
            assertThat(at).isBetween(10_001L, 10_500L);
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

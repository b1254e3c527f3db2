package dev.freshet.learn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.bench.ImageStreamBenchmark;
import dev.freshet.learn.data.FashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The images as a CSV, and the backtest of it scoring what the image benchmark scores on the same images. */
class ImagesCsvCommandTest {

    @TempDir
    Path dir;

    @Test
    void theBacktestOfTheCsvScoresWhatTheImageStreamScores() throws Exception {
        Path bundledImages = dir.resolve("images.gz");
        Path bundledLabels = dir.resolve("labels.gz");
        ClassLoader loader = getClass().getClassLoader();
        try (var images = loader.getResourceAsStream(FashionMnist.BUNDLED_SUBSET + "images-idx3-ubyte.gz");
             var labels = loader.getResourceAsStream(FashionMnist.BUNDLED_SUBSET + "labels-idx1-ubyte.gz")) {
            Files.copy(images, bundledImages);
            Files.copy(labels, bundledLabels);
        }
        Path csv = dir.resolve("fashion.csv");
        StringWriter written = new StringWriter();
        CommandLine images = new CommandLine(new ImagesCsvCommand());
        images.setOut(new PrintWriter(written, true));
        assertThat(images.execute("--images", bundledImages.toString(), "--labels", bundledLabels.toString(),
                "--out", csv.toString())).isZero();
        assertThat(written.toString()).contains("2,000 images of 784 pixels");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(2_001);
        assertThat(lines.get(0)).startsWith("px0,px1,").endsWith(",px783,label");
        assertThat(lines.get(1)).endsWith(",Ankle boot"); // Fashion-MNIST's first training image

        StringWriter out = new StringWriter();
        CommandLine backtest = BacktestCommand.commandLine();
        backtest.setOut(new PrintWriter(out, true));
        assertThat(backtest.execute("--csv", csv.toString(), "--label", "label", "--label-delay",
                Integer.toString(ImageStreamBenchmark.LABEL_DELAY), "--progress", "never")).as(out.toString()).isZero();
        Matcher accuracy = Pattern.compile("(?m)^accuracy\\s+[0-9.]+\\s+([0-9.]+)").matcher(out.toString());
        assertThat(accuracy.find()).as(out.toString()).isTrue();
        double streamed = ImageStreamBenchmark.rollingAccuracy(LearnerSettings.linear(),
                ImageStreamBenchmark.examples(FashionMnist.bundledSubset()));
        assertThat(accuracy.group(1)).isEqualTo(String.format(Locale.ROOT, "%.4f", streamed));
        assertThat(streamed).as("the linear learner learns the images").isGreaterThan(0.6);
    }

    @Test
    void imagesWithoutLabelsAreRefusedAsAnInvalidCommandLine() {
        CommandLine images = new CommandLine(new ImagesCsvCommand());
        images.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(images.execute("--images", "x.gz", "--out", dir.resolve("o.csv").toString())).isEqualTo(2);
    }
}

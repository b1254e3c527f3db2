package dev.freshet.learn.cli;

import dev.freshet.learn.data.FashionMnist;
import dev.freshet.learn.data.IdxImages;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code images-csv}: writes labelled IDX images (Fashion-MNIST by default, as the image source finds it) as a CSV
 * that {@code make backtest} replays: columns {@code px0 ... px783} in the image source's names, then {@code label}
 * with the class name, rows in file order. A backtest with {@code --label-delay 100} then scores what the image
 * stream's trainer scores.
 */
@Command(name = "images-csv", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write labelled IDX images as a CSV for make backtest.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the IDX files could not be read or the CSV written", "2:invalid command line"})
public final class ImagesCsvCommand implements Callable<Integer> {

    @Option(names = "--images", description = "IDX image file (default: Debian's Fashion-MNIST training images, "
            + "else the 2,000 bundled).")
    Path images;

    @Option(names = "--labels", description = "IDX label file, with --images.")
    Path labels;

    @Option(names = "--label-names", split = ",", description = "Class names by label number (default: "
            + "Fashion-MNIST's ten).")
    List<String> labelNames = FashionMnist.LABEL_NAMES;

    @Option(names = "--out", required = true, description = "The CSV to write.")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((images == null) != (labels == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--images and --labels go together");
        }
        IdxImages idx = images != null ? IdxImages.read(images, labels) : FashionMnist.training();
        double[] pixels = new double[idx.pixels()];
        try (Writer csv = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int p = 0; p < idx.pixels(); p++) {
                line.append("px").append(p).append(',');
            }
            csv.write(line.append("label\n").toString());
            for (int i = 0; i < idx.count(); i++) {
                idx.pixels(i, pixels);
                line.setLength(0);
                for (double v : pixels) {
                    line.append((int) v).append(',');
                }
                int label = idx.label(i);
                line.append(label < labelNames.size() ? labelNames.get(label) : Integer.toString(label)).append('\n');
                csv.write(line.toString());
            }
        }
        spec.commandLine().getOut().printf("%,d images of %d pixels written to %s%n", idx.count(), idx.pixels(), out);
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ImagesCsvCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}

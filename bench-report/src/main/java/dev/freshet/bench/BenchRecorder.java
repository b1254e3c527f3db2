package dev.freshet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a benchmark's figures while it runs and writes them, with the machine and the date, to
 * {@code <freshet.bench.results>/<benchmark>.json} (default {@code bench/results} under the working directory;
 * {@code make bench} points it at the repository's). Not thread-safe.
 */
public final class BenchRecorder {

    /** System property naming the results directory. */
    public static final String RESULTS_DIR = "freshet.bench.results";

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final String benchmark;
    private final String title;
    private final int issue;
    private Instant started = Instant.now();
    private String command = "make bench";
    private String setup = "";
    private final List<Figure> figures = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private BenchRecorder(String benchmark, String title, int issue) {
        this.benchmark = benchmark;
        this.title = title;
        this.issue = issue;
    }

    public static BenchRecorder start(Class<?> benchmark, String title, int issue) {
        return new BenchRecorder(benchmark.getSimpleName(), title, issue);
    }

    /** A result named other than by a class: one suite writing several results. */
    public static BenchRecorder named(String benchmark, String title, int issue) {
        return new BenchRecorder(benchmark, title, issue);
    }

    public BenchRecorder command(String value) {
        this.command = value;
        return this;
    }

    public BenchRecorder setup(String value) {
        this.setup = value;
        return this;
    }

    public BenchRecorder figure(Figure figure) {
        figures.add(figure);
        return this;
    }

    public BenchRecorder series(Series value) {
        series.add(value);
        return this;
    }

    /** When the measured run began, if before this recorder was made. */
    public BenchRecorder startedAt(Instant value) {
        this.started = value;
        return this;
    }

    public BenchRecorder note(String value) {
        notes.add(value);
        return this;
    }

    /** The result as it stands. */
    public BenchResult result() {
        return new BenchResult(benchmark, title, issue, command, setup, started,
                Duration.between(started, Instant.now()).toMillis() / 1000.0, Machine.current(), figures, series, notes);
    }

    /** Writes the result and returns the file. */
    public Path write() {
        Path dir = Path.of(System.getProperty(RESULTS_DIR, "bench/results"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(benchmark + ".json");
            JSON.writeValue(file.toFile(), result());
            System.out.println("Benchmark results written to " + file.toAbsolutePath().normalize());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a result written by {@link #write()}. */
    public static BenchResult read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), BenchResult.class);
    }
}

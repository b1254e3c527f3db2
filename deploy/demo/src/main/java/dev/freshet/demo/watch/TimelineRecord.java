package dev.freshet.demo.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A demo run's readings as JSON lines, one per reading: the simulated hour, examples sent, and per model its
 * versions, training's rolling and live accuracy, drifts and reactions. What the drift benchmark reads.
 */
public final class TimelineRecord {

    private static final ObjectMapper JSON = JsonMapper.builder().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private TimelineRecord() {}

    /** One model in one reading. */
    public record ModelLine(String name, Long latestVersion, Long champion, long examplesSeen, Double prequential,
                            Double live, long drifts, long challengersStarted, long challengersPromoted,
                            long challengersDropped, long resets) {}

    /** One reading: the source's clock (simulated hours, or images sent) and where the drift comes on it. */
    public record Line(double elapsedSeconds, long simulatedHours, long driftHour, long examplesSent,
                       List<ModelLine> models) {}

    public static void write(DemoTimeline timeline, Path file) {
        try (Writer out = Files.newBufferedWriter(file)) {
            for (Snapshot s : timeline.samples()) {
                List<ModelLine> models = new ArrayList<>();
                for (Snapshot.ModelSnapshot m : s.models()) {
                    Snapshot.DriftWatch w = m.watch();
                    models.add(new ModelLine(m.name(), m.latestVersion(), m.champion(), m.examplesSeen(),
                            finite(m.prequentialAccuracy()), finite(m.liveAccuracy()), m.drifts(),
                            w.challengersStarted(), w.challengersPromoted(), w.challengersDropped(), w.resets()));
                }
                out.write(JSON.writeValueAsString(new Line(s.elapsed().toMillis() / 1000.0, s.clock(),
                        timeline.clock().driftAt(), s.examplesSent(), models)));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the record " + file, e);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String text : Files.readAllLines(file)) {
            if (!text.isBlank()) {
                lines.add(JSON.readValue(text, Line.class));
            }
        }
        return lines;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}

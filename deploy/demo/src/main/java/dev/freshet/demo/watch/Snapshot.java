package dev.freshet.demo.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the three services said at one moment: the source's simulated clock and output, and per model what
 * training and inference report. A service that did not answer leaves its part empty (NaN, null).
 *
 * @param elapsed        since the demo began watching
 * @param simulatedHours hours the drone source has simulated (-1 when unknown)
 * @param examplesSent   labelled examples the source sent
 */
public record Snapshot(Duration elapsed, long simulatedHours, long examplesSent, List<ModelSnapshot> models) {

    /**
     * One model.
     *
     * @param latestVersion        newest version training published (null before the first)
     * @param champion             the version its champion alias names
     * @param examplesSeen         examples learned across the lineage
     * @param prequentialAccuracy  training's rolling test-then-train accuracy
     * @param drifts               drifts its detector signalled
     * @param lastDriftAt          when the last one was signalled
     * @param lastDriftExample     at which example
     * @param servingVersion       the version inference serves
     * @param liveAccuracy         inference's rolling accuracy of the served version against the labels (NaN
     *                             before any label joined)
     */
    public record ModelSnapshot(String name, Long latestVersion, Long champion, long examplesSeen,
                                double prequentialAccuracy, long drifts, Instant lastDriftAt, long lastDriftExample,
                                Long servingVersion, double liveAccuracy) {}

    /** The model of this name, if the snapshot has it. */
    public Optional<ModelSnapshot> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}

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
 * @param clock          the source's clock: hours the drone source has simulated, images the image source has
 *                       sent (-1 when unknown)
 * @param examplesSent   labelled examples the source sent
 */
public record Snapshot(Duration elapsed, long clock, long examplesSent, List<ModelSnapshot> models) {

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
                                Long servingVersion, double liveAccuracy, DriftWatch watch) {

        public ModelSnapshot(String name, Long latestVersion, Long champion, long examplesSeen,
                             double prequentialAccuracy, long drifts, Instant lastDriftAt, long lastDriftExample,
                             Long servingVersion, double liveAccuracy) {
            this(name, latestVersion, champion, examplesSeen, prequentialAccuracy, drifts, lastDriftAt,
                    lastDriftExample, servingVersion, liveAccuracy, DriftWatch.NONE);
        }

        /** The same reading with another prequential accuracy. */
        ModelSnapshot withPrequential(double accuracy) {
            return new ModelSnapshot(name, latestVersion, champion, examplesSeen, accuracy, drifts, lastDriftAt,
                    lastDriftExample, servingVersion, liveAccuracy, watch);
        }
    }

    /**
     * What training says of drift and its reaction, and the two confusion matrices.
     *
     * @param reaction           none, challenger or reset
     * @param lastChange         what the last drift changed, e.g. {@code error 0.05 -> 0.41} (empty when not known)
     * @param challengersStarted challengers started; promoted, dropped and resets likewise
     * @param challenger         the running challenger as text, or empty
     * @param confusion          training's confusion matrix over its rolling window (null when not known)
     * @param liveConfusion      the live one of the answers served (null when not known)
     */
    public record DriftWatch(String reaction, String lastChange, long challengersStarted, long challengersPromoted,
                             long challengersDropped, long resets, String challenger, Confusion confusion,
                             Confusion liveConfusion) {
        public static final DriftWatch NONE = new DriftWatch("", "", 0, 0, 0, 0, "", null, null);
    }

    /** A confusion matrix: rows true label, columns answered label, in {@code labels} order. */
    public record Confusion(List<String> labels, long[][] counts) {

        /** Share of the matrix on its diagonal (NaN when empty). */
        public double accuracy() {
            long right = 0;
            long all = 0;
            for (int a = 0; a < counts.length; a++) {
                for (int p = 0; p < labels.size() && p < counts[a].length; p++) {
                    all += counts[a][p];
                    right += a == p ? counts[a][p] : 0;
                }
            }
            return all == 0 ? Double.NaN : (double) right / all;
        }
    }

    /** The model of this name, if the snapshot has it. */
    public Optional<ModelSnapshot> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}

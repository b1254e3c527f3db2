package dev.freshet.learn.drift;

/** Watches a stream of values and says when its mean has changed. Not thread-safe. */
public interface DriftDetector {

    /** Short name for reports, with its parameters. */
    String name();

    /**
     * Adds the next value; true when a change is detected at this value. After a detection the detector
     * keeps watching the new concept by itself.
     */
    boolean update(double value);

    /**
     * True when the last {@link #update} found a change too small to report as drift but large enough to warn of
     * (as DDM's warning level); {@link #meanBeforeChange()} and {@link #meanAfterChange()} then describe it.
     */
    default boolean warned() {
        return false;
    }

    /** The mean before the last reported change (e.g. the error rate before a drift); NaN when not known. */
    default double meanBeforeChange() {
        return Double.NaN;
    }

    /** The mean after the last reported change; NaN when not known. */
    default double meanAfterChange() {
        return Double.NaN;
    }

    /** Changes detected since creation. */
    long detections();

    /** Values seen since creation. */
    long seen();

    /** Forgets everything (but the counters of values and detections). */
    void reset();
}

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

    /** Changes detected since creation. */
    long detections();

    /** Values seen since creation. */
    long seen();

    /** Forgets everything (but the counters of values and detections). */
    void reset();
}

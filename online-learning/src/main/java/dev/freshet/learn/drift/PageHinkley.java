package dev.freshet.learn.drift;

import java.util.Locale;

/**
 * The Page-Hinkley test for an increase of the mean (Page, 1954): the cumulative deviation of each value
 * from the running mean, less a tolerance {@code delta}, is compared with its minimum so far; a gap above
 * {@code lambda} signals a change, after which the test starts afresh. Only increases are detected, which
 * is what matters for an error stream.
 */
public final class PageHinkley implements DriftDetector {

    private final double delta;
    private final double lambda;
    private final int minInstances;

    private long n;
    private double mean;
    private double cumulative;
    private double minimum;
    private long seen;
    private long detections;

    /**
     * @param delta        tolerated increase of the mean per value
     * @param lambda       alarm threshold on the cumulative deviation
     * @param minInstances values before any alarm after a (re)start
     */
    public PageHinkley(double delta, double lambda, int minInstances) {
        if (!(delta >= 0) || !(lambda > 0) || minInstances < 1) {
            throw new IllegalArgumentException("Page-Hinkley needs delta >= 0, lambda > 0 and minInstances >= 1");
        }
        this.delta = delta;
        this.lambda = lambda;
        this.minInstances = minInstances;
    }

    /** Defaults for an error stream; false-alarm and delay figures are in the tests. */
    public PageHinkley() {
        this(0.01, 100, 30);
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "page-hinkley(delta=%s,lambda=%s)", delta, lambda);
    }

    @Override
    public boolean update(double value) {
        seen++;
        n++;
        mean += (value - mean) / n;
        cumulative += value - mean - delta;
        minimum = Math.min(minimum, cumulative);
        if (n >= minInstances && cumulative - minimum > lambda) {
            detections++;
            reset();
            return true;
        }
        return false;
    }

    @Override
    public long detections() {
        return detections;
    }

    @Override
    public long seen() {
        return seen;
    }

    @Override
    public void reset() {
        n = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
    }
}

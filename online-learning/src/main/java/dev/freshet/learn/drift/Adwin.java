package dev.freshet.learn.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà, 2007): keeps a window of recent values, compressed into an
 * exponential histogram of buckets, and drops its oldest part whenever two sub-windows have means that
 * differ by more than a Hoeffding-style bound with confidence {@code delta}. A drop is a detected change.
 * Memory is O(M log W) for a window of W values.
 */
public final class Adwin implements DriftDetector {

    private final double delta;
    private final int maxBuckets;
    private final int minSubWindow;
    private final int clock;
    private final boolean increasesOnly;
    private final long quietAfterChange;
    private final double minChange;
    private final double warningChange;
    private long lastReport = Long.MIN_VALUE / 2;
    private long lastWarning = Long.MIN_VALUE / 2;
    private boolean warned;
    private double reportedBefore = Double.NaN;
    private double reportedAfter = Double.NaN;

    /** rows.get(i) holds buckets of 2^i values each, oldest first; higher rows hold older data. */
    private final List<Row> rows = new ArrayList<>();
    private long width;
    private double total;
    private double variance;
    private long seen;
    private long detections;

    /**
     * @param delta        confidence: smaller means fewer false alarms and later detection
     * @param maxBuckets   buckets per row before two are merged (M)
     * @param minSubWindow values each side of a cut needs at least
     * @param clock        check for a cut every this many values
     * @param increasesOnly report only changes where the mean went up (an error rate getting worse); the
     *                     window adapts to decreases all the same
     * @param quietAfterChange values after a reported change during which further cuts (the window shrinking
     *                     in steps after one change) are not reported again
     */
    public Adwin(double delta, int maxBuckets, int minSubWindow, int clock, boolean increasesOnly,
                 long quietAfterChange) {
        this(delta, maxBuckets, minSubWindow, clock, increasesOnly, quietAfterChange, 0);
    }

    /**
     * The detector of the trainer's prediction error: a change is reported only when the error rate rose by at least
     * {@code minChange} (a warning from half of that), each side of the cut holding at least 300 examples, and not
     * again within 600 examples. On a bursty but stationary stream (labels of one hour at a time, some hours harder
     * than others) the error swings from burst to burst by a few points, which plain ADWIN, being sure of them,
     * reports as changes.
     */
    public static Adwin forErrorRate(double minChange) {
        return new Adwin(0.002, 5, 300, 32, true, 600, minChange);
    }

    /**
     * As above, and
     *
     * @param minChange the smallest change of the mean that is reported (the window adapts to smaller ones all the
     *                  same): a statistically sure change can be too small to mean anything, such as the swing of an
     *                  error rate between the hours of a bursty stream
     */
    public Adwin(double delta, int maxBuckets, int minSubWindow, int clock, boolean increasesOnly,
                 long quietAfterChange, double minChange) {
        if (!(delta > 0 && delta < 1) || maxBuckets < 2 || minSubWindow < 1 || clock < 1 || quietAfterChange < 0
                || !(minChange >= 0)) {
            throw new IllegalArgumentException("ADWIN needs 0 < delta < 1, maxBuckets >= 2, minSubWindow >= 1, clock >= 1,"
                    + " minChange >= 0");
        }
        this.minChange = minChange;
        this.warningChange = minChange / 2;
        this.delta = delta;
        this.maxBuckets = maxBuckets;
        this.minSubWindow = minSubWindow;
        this.clock = clock;
        this.increasesOnly = increasesOnly;
        this.quietAfterChange = quietAfterChange;
    }

    /** Defaults for an error stream (increases only); false-alarm and delay figures are in the tests. */
    public Adwin() {
        this(0.002, 5, 5, 32, true, 500);
    }

    @Override
    public String name() {
        return minChange > 0 ? String.format(Locale.ROOT, "adwin(delta=%s, min-change=%s)", delta, minChange)
                : String.format(Locale.ROOT, "adwin(delta=%s)", delta);
    }

    /** Values in the current window. */
    public long width() {
        return width;
    }

    /** Mean of the current window. */
    public double mean() {
        return width == 0 ? 0 : total / width;
    }

    @Override
    public boolean update(double value) {
        warned = false;
        seen++;
        insert(value);
        compress();
        return seen % clock == 0 && shrinkOnChange();
    }

    @Override
    public boolean warned() {
        return warned;
    }

    @Override
    public double meanBeforeChange() {
        return reportedBefore;
    }

    @Override
    public double meanAfterChange() {
        return reportedAfter;
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
        rows.clear();
        width = 0;
        total = 0;
        variance = 0;
    }

    private void insert(double value) {
        if (rows.isEmpty()) {
            rows.add(new Row(maxBuckets));
        }
        width++;
        if (width > 1) {
            double previousMean = total / (width - 1);
            variance += (width - 1) * (value - previousMean) * (value - previousMean) / width;
        }
        total += value;
        rows.get(0).append(value, 0);
    }

    private void compress() {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.size <= maxBuckets) {
                break;
            }
            if (i + 1 == rows.size()) {
                rows.add(new Row(maxBuckets));
            }
            double n = Math.pow(2, i);
            double sum1 = row.sums[0];
            double sum2 = row.sums[1];
            double mean1 = sum1 / n;
            double mean2 = sum2 / n;
            double mergedVariance = row.variances[0] + row.variances[1] + n * n * (mean1 - mean2) * (mean1 - mean2) / (2 * n);
            row.removeOldest(2);
            rows.get(i + 1).append(sum1 + sum2, mergedVariance);
        }
    }

    /** Drops the oldest buckets while a cut is found; true if a reportable change was found. */
    private boolean shrinkOnChange() {
        boolean changed = false;
        boolean increased = false;
        double before = Double.NaN;
        double after = Double.NaN;
        double warnBefore = Double.NaN;
        double warnAfter = Double.NaN;
        boolean cut = true;
        while (cut && width > 2L * minSubWindow) {
            cut = false;
            double n0 = 0;
            double sum0 = 0;
            double n1 = width;
            double sum1 = total;
            scan:
            for (int i = rows.size() - 1; i >= 0; i--) {
                Row row = rows.get(i);
                double bucketSize = Math.pow(2, i);
                for (int b = 0; b < row.size; b++) {
                    n0 += bucketSize;
                    n1 -= bucketSize;
                    sum0 += row.sums[b];
                    sum1 -= row.sums[b];
                    if (n1 < minSubWindow) {
                        break scan;
                    }
                    if (n0 >= minSubWindow && cutBetween(n0, sum0, n1, sum1)) {
                        cut = true;
                        double change = sum1 / n1 - sum0 / n0;
                        boolean large = Math.abs(change) >= minChange;
                        if (minChange > 0 && !large && change >= warningChange && Double.isNaN(warnBefore)) {
                            warnBefore = sum0 / n0;
                            warnAfter = sum1 / n1;
                        }
                        if (large && (change > 0 || !increasesOnly) && Double.isNaN(before)) {
                            // The first (widest) reportable cut says what changed.
                            before = sum0 / n0;
                            after = sum1 / n1;
                        }
                        increased |= large && change > 0;
                        changed |= large;
                        break scan;
                    }
                }
            }
            if (cut) {
                dropOldestBucket();
            }
        }
        boolean report = changed && (increased || !increasesOnly) && seen - lastReport > quietAfterChange;
        if (report) {
            detections++;
            lastReport = seen;
            reportedBefore = before;
            reportedAfter = after;
        } else if (!Double.isNaN(warnBefore) && seen - lastWarning > quietAfterChange
                && seen - lastReport > quietAfterChange) {
            warned = true;
            lastWarning = seen;
            reportedBefore = warnBefore;
            reportedAfter = warnAfter;
        }
        return report;
    }

    private boolean cutBetween(double n0, double sum0, double n1, double sum1) {
        double harmonic = 1 / (1 / n0 + 1 / n1);
        double deltaPrime = delta / Math.log(width);
        double logTerm = Math.log(2 / deltaPrime);
        double windowVariance = variance / width;
        double epsilon = Math.sqrt(2 / harmonic * windowVariance * logTerm) + 2.0 / (3 * harmonic) * logTerm;
        return Math.abs(sum0 / n0 - sum1 / n1) > epsilon;
    }

    private void dropOldestBucket() {
        int top = rows.size() - 1;
        Row row = rows.get(top);
        double n = Math.pow(2, top);
        double sum = row.sums[0];
        double bucketVariance = row.variances[0];
        width -= (long) n;
        total -= sum;
        double bucketMean = sum / n;
        double restMean = width == 0 ? 0 : total / width;
        variance -= bucketVariance + n * width * (bucketMean - restMean) * (bucketMean - restMean) / (n + width);
        if (variance < 0 || width == 0) {
            variance = Math.max(0, variance);
        }
        row.removeOldest(1);
        if (row.size == 0) {
            rows.remove(top);
        }
    }

    /** Buckets of one size, oldest first. */
    private static final class Row {
        final double[] sums;
        final double[] variances;
        int size;

        Row(int maxBuckets) {
            sums = new double[maxBuckets + 1];
            variances = new double[maxBuckets + 1];
        }

        void append(double sum, double var) {
            sums[size] = sum;
            variances[size] = var;
            size++;
        }

        void removeOldest(int count) {
            System.arraycopy(sums, count, sums, 0, size - count);
            System.arraycopy(variances, count, variances, 0, size - count);
            size -= count;
        }
    }
}

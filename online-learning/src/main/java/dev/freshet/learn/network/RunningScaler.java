package dev.freshet.learn.network;

import dev.freshet.learn.encode.InputScaling;
import java.util.Arrays;

/**
 * Online standardisation: running mean and variance per feature (Welford's algorithm), applied as
 * {@code (x - mean) / sd}, clipped to {@code ±clip}. A feature with no observation yet standardises to 0,
 * which is also what an absent feature gets: the running mean. Inputs already on a fixed scale (one-hot slots,
 * sine and cosine) pass through as they are; mostly-0 inputs (crosses with a numeric factor) are divided by their
 * standard deviation without centring, so that 0 stays 0. Statistics are kept for every input all the same
 * (Tribuo's feature map holds them).
 */
final class RunningScaler {

    private static final double VARIANCE_FLOOR = 1e-12;
    /** Observed values are held within ±this: their squares, summed over 10^100 examples, stay finite. */
    static final double OBSERVED_BOUND = 1e100;
    /** Observations of a standardised input before its statistics bound the next ones. */
    static final long SETTLED = 30;
    /**
     * Farthest from the mean an observation counts, in standard deviations: rarer than any Gaussian value, though a
     * binary feature rarer than 1 in 2,500 reaches it (its spread is then understated, its values clipped anyway).
     */
    static final double OUTLIER_SDS = 50;

    final double clip;
    long[] count;
    double[] mean;
    double[] m2;
    double[] min;
    double[] max;
    private double[] inverseSd;
    /** The standard deviation itself, beside its reciprocal: the outlier bound without a division per value. */
    private double[] sd;
    private InputScaling[] scaling = new InputScaling[0];
    /** Inputs not {@link InputScaling#STANDARDISE}d: with none, a whole example can be scaled in one plain loop. */
    private int notStandardised;
    /** Every input has been observed equally often: true after each whole example, in order, from a start so. */
    private boolean countsEqual;
    private long reciprocalOf;
    private double reciprocal = Double.NaN;

    RunningScaler(double clip) {
        this(clip, new long[0], new double[0], new double[0], new double[0], new double[0]);
    }

    RunningScaler(double clip, long[] count, double[] mean, double[] m2, double[] min, double[] max) {
        this.clip = clip;
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
        this.min = min;
        this.max = max;
        this.inverseSd = new double[count.length];
        this.sd = new double[count.length];
        this.scaling = new InputScaling[count.length];
        Arrays.fill(scaling, InputScaling.STANDARDISE);
        for (int j = 0; j < count.length; j++) {
            refreshInverseSd(j);
        }
        this.countsEqual = sameCount(count.length);
    }

    int size() {
        return count.length;
    }

    void grow(int features) {
        if (features <= count.length) {
            return;
        }
        count = Arrays.copyOf(count, features);
        mean = Arrays.copyOf(mean, features);
        m2 = Arrays.copyOf(m2, features);
        min = Arrays.copyOf(min, features);
        max = Arrays.copyOf(max, features);
        int old = inverseSd.length;
        inverseSd = Arrays.copyOf(inverseSd, features);
        sd = Arrays.copyOf(sd, features);
        scaling = Arrays.copyOf(scaling, features);
        Arrays.fill(scaling, old, features, InputScaling.STANDARDISE);
        for (int j = old; j < features; j++) {
            refreshInverseSd(j);
        }
        countsEqual = sameCount(features);
    }

    /** How {@link #standardise} scales input {@code j} (standardised until told otherwise). */
    void scaling(int j, InputScaling value) {
        notStandardised += (value != InputScaling.STANDARDISE ? 1 : 0) - (scaling[j] != InputScaling.STANDARDISE ? 1 : 0);
        scaling[j] = value;
        refreshInverseSd(j);
    }

    /** True when {@link #standardise} maps 0 to 0 for input {@code j}: one-hot slots, crosses, sine and cosine. */
    boolean zeroStaysZero(int j) {
        return scaling[j] != InputScaling.STANDARDISE;
    }

    /** The standardised value of feature {@code j}. */
    double standardise(int j, double x) {
        InputScaling how = scaling[j];
        if (how == InputScaling.AS_IS) {
            return x;
        }
        if (count[j] == 0) {
            return 0;
        }
        double z = how == InputScaling.DIVIDE ? x * inverseSd[j] : (x - mean[j]) * inverseSd[j];
        if (z > clip) {
            return clip;
        }
        if (z < -clip) {
            return -clip;
        }
        // NaN only if the statistics overflowed on absurd magnitudes: treat as unknown.
        return z == z ? z : 0;
    }

    /** The affine terms and clips of {@link #standardise}, frozen for other formats. */
    InputScale terms() {
        int d = count.length;
        double[] shift = new double[d];
        double[] factor = new double[d];
        boolean[] clipped = new boolean[d];
        for (int j = 0; j < d; j++) {
            if (scaling[j] == InputScaling.AS_IS) {
                factor[j] = 1;
                continue;
            }
            clipped[j] = true;
            if (count[j] > 0) {
                shift[j] = scaling[j] == InputScaling.STANDARDISE ? mean[j] : 0;
                factor[j] = inverseSd[j];
            }
        }
        return new InputScale(clip, shift, factor, clipped);
    }

    /**
     * Whether a whole example in input order can take the one-loop paths {@link #standardiseAll} and
     * {@link #observeAll(double[])}: every input standardised, all observed as often, at least once.
     */
    boolean wholeExamplesOnly(int n) {
        return n == count.length && n > 0 && notStandardised == 0 && countsEqual && count[0] > 0;
    }

    /**
     * {@link #standardise} of every input, {@code values[j]} being input {@code j}'s, when
     * {@link #wholeExamplesOnly}: one loop without branches, which the JIT runs four inputs at a time (784 pixels).
     */
    void standardiseAll(double[] values, double[] out) {
        double[] m = mean;
        double[] inverse = inverseSd;
        double bound = clip;
        for (int j = 0; j < out.length && j < values.length; j++) {
            out[j] = Math.max(-bound, Math.min(bound, (values[j] - m[j]) * inverse[j]));
        }
    }

    /**
     * {@link #observeAll(int[], double[], int)} of a whole example in input order, when {@link #wholeExamplesOnly}:
     * the same arithmetic as {@link #accumulate} and the scale refresh, in loops without branches.
     */
    void observeAll(double[] values) {
        int d = count.length;
        long n = count[0] + 1;
        double r = reciprocal(n);
        boolean settled = n - 1 >= SETTLED;
        for (int j = 0; j < d; j++) {
            double m = mean[j];
            double x = settled && m2[j] > 0 ? withinReach(m, sd[j], values[j]) : values[j];
            x = withinObservedBound(x);
            count[j] = n;
            min[j] = Math.min(min[j], x);
            max[j] = Math.max(max[j], x);
            double delta = x - m;
            double next = m + delta * r;
            mean[j] = next;
            m2[j] += delta * (x - next);
        }
        for (int j = 0; j < d; j++) {
            double deviation = Math.sqrt(Math.max(m2[j] * r, VARIANCE_FLOOR));
            sd[j] = deviation;
            inverseSd[j] = 1.0 / deviation;
        }
    }

    /**
     * Observes one example: {@code values[i]} of input {@code index[i]}, for the first {@code n}. The statistics are
     * updated input by input, then the scales of those inputs in one pass: a square root and a division per input,
     * which a plain loop over all inputs in order, sharing one count, lets the JIT do four at a time.
     */
    void observeAll(int[] index, double[] values, int n) {
        boolean inOrder = n == count.length;
        for (int i = 0; i < n; i++) {
            int j = index[i];
            inOrder &= j == i;
            accumulate(j, values[i]);
        }
        countsEqual = inOrder && sameCount(n);
        if (inOrder && n > 0 && count[0] > 1 && countsEqual) {
            double inverseCount = reciprocal(count[0]); // as refreshInverseSd computes it, input by input
            for (int j = 0; j < n; j++) {
                double deviation = Math.sqrt(Math.max(m2[j] * inverseCount, VARIANCE_FLOOR));
                sd[j] = deviation;
                inverseSd[j] = 1.0 / deviation;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (scaling[index[i]] != InputScaling.AS_IS) { // never scaled: no square root per example for it
                refreshInverseSd(index[i]);
            }
        }
    }

    private boolean sameCount(int n) {
        if (n == 0) {
            return true;
        }
        long first = count[0];
        boolean same = true;
        for (int j = 1; j < n; j++) {
            same &= count[j] == first;
        }
        return same;
    }

    /**
     * {@code x} held within {@link #OUTLIER_SDS} deviations of the mean. Compared, not {@code Math.min}/{@code max}:
     * values are rarely out of reach, and the branches cost a third of those in a loop over 784 pixels.
     */
    private static double withinReach(double mean, double sd, double x) {
        double reach = OUTLIER_SDS * sd;
        if (x > mean + reach) {
            return mean + reach;
        }
        return x < mean - reach ? mean - reach : x;
    }

    private static double withinObservedBound(double x) {
        if (x > OBSERVED_BOUND) {
            return OBSERVED_BOUND;
        }
        return x < -OBSERVED_BOUND ? -OBSERVED_BOUND : x;
    }

    /** Welford's update of input {@code j}'s statistics with {@code x}; its scale is refreshed by the caller. */
    private void accumulate(int j, double x) {
        // One absurd value would dominate the variance for the rest of the lineage (beyond ~1e154 make it
        // infinite), standardising the feature to about 0 from then on. Once the statistics have settled, a value
        // counts at most OUTLIER_SDS standard deviations from the mean: far beyond the clip, so scoring is the same.
        if (scaling[j] == InputScaling.STANDARDISE && count[j] >= SETTLED && m2[j] > 0) {
            x = withinReach(mean[j], sd[j], x);
        }
        x = withinObservedBound(x);
        long n = ++count[j];
        if (n == 1) {
            min[j] = x;
            max[j] = x;
        } else {
            min[j] = Math.min(min[j], x);
            max[j] = Math.max(max[j], x);
        }
        double delta = x - mean[j];
        mean[j] += delta * reciprocal(n);
        m2[j] += delta * (x - mean[j]);
    }

    /**
     * {@code 1.0 / n}, remembered for the last {@code n}: the inputs of one example mostly share their count, so a
     * division per input becomes one per example (divisions dominated learning on 784 pixels).
     */
    private double reciprocal(long n) {
        if (n != reciprocalOf) {
            reciprocalOf = n;
            reciprocal = 1.0 / n;
        }
        return reciprocal;
    }

    private void refreshInverseSd(int j) {
        double variance = count[j] > 1 ? m2[j] * reciprocal(count[j]) : 1.0;
        sd[j] = Math.sqrt(Math.max(variance, VARIANCE_FLOOR));
        inverseSd[j] = 1.0 / sd[j];
    }
}

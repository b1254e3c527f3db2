package dev.freshet.bench;

import java.util.Arrays;
import java.util.Collection;

/** Median and spread of repeated measurements. */
public record Stats(double median, double min, double max, int samples) {

    public Stats {
        if (samples < 1) {
            throw new IllegalArgumentException("no samples");
        }
    }

    public static Stats of(Collection<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(median, sorted[0], sorted[n - 1], n);
    }

    /** One measurement (a percentile the benchmark computed over all its requests, say). */
    public static Stats single(double value) {
        return new Stats(value, value, value, 1);
    }
}

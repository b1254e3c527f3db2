package dev.freshet.contract;

import java.util.Objects;

/**
 * One numeric feature of a feature set and how models should encode it.
 *
 * @param name               feature name
 * @param knownAtPrediction  false for features only known later (e.g. an hour's average delivery time,
 *                           known at the end of the hour): models must not use them to predict
 * @param encoding           {@code numeric} (standardised; the default), {@code categorical(v1,v2,...)} (one-hot
 *                           over the declared values, anything else in an unknown slot) or {@code cyclical(period)}
 *                           (sine and cosine, e.g. {@code cyclical(24)} for an hour of the day)
 */
public record FeatureSpec(String name, boolean knownAtPrediction, String encoding) {

    public static final String NUMERIC = "numeric";

    public FeatureSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a feature needs a name");
        }
        encoding = encoding == null || encoding.isBlank() ? NUMERIC : encoding.trim();
    }

    /** A numeric feature. */
    public FeatureSpec(String name, boolean knownAtPrediction) {
        this(name, knownAtPrediction, NUMERIC);
    }

    /** A categorical feature whose values are the integers {@code from} to {@code to}. */
    public static FeatureSpec categorical(String name, boolean knownAtPrediction, int from, int to) {
        StringBuilder values = new StringBuilder();
        for (int v = from; v <= to; v++) {
            values.append(v == from ? "" : ",").append(v);
        }
        return new FeatureSpec(name, knownAtPrediction, "categorical(" + values + ")");
    }
}

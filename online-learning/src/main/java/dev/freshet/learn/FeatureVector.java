package dev.freshet.learn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Named numeric feature values of one example. A feature absent from {@code names} is unknown for this
 * example (the learner uses its running mean). Streams that share one {@code names} array across
 * examples are mapped to the model's inputs once, not per example.
 *
 * <p>Every value must be finite: NaN and ±Infinity are refused here, before they can reach a model.
 */
public record FeatureVector(String[] names, double[] values) {

    public FeatureVector {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(values, "values");
        if (names.length != values.length) {
            throw new InvalidExampleException(names.length + " feature names but " + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidExampleException("feature '" + names[i] + "' is " + values[i]
                        + ": only finite numbers are accepted");
            }
        }
    }

    /** From a name-to-value map, in the map's order. */
    public static FeatureVector of(Map<String, Double> features) {
        String[] names = new String[features.size()];
        double[] values = new double[features.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : features.entrySet()) {
            names[i] = e.getKey();
            values[i] = Objects.requireNonNull(e.getValue(), () -> "feature '" + e.getKey() + "' has no value");
            i++;
        }
        return new FeatureVector(names, values);
    }

    public int size() {
        return names.length;
    }

    /** As a name-to-value map, in order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector other && Arrays.equals(names, other.names)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}

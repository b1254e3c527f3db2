package dev.freshet.features;

import java.util.Objects;

/**
 * One numeric feature of a feature set.
 *
 * @param name               feature name
 * @param knownAtPrediction  false for features only known later (e.g. an hour's average delivery time,
 *                           known at the end of the hour): models must not use them to predict
 */
public record FeatureSpec(String name, boolean knownAtPrediction) {

    public FeatureSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a feature needs a name");
        }
    }
}

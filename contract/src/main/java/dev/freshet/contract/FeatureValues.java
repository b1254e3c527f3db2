package dev.freshet.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Immutable copies of feature maps that keep the producer's order, which is the order messages are written in. */
final class FeatureValues {

    private FeatureValues() {}

    /**
     * {@code features}, immutable, in its own iteration order; null names or values are refused as {@link Map#copyOf}
     * refuses them. Order matters to readers only for speed: the trainer's scanner matches names in the feature set's
     * order first, and {@code Map.copyOf}'s order is a hash's (784 pixels then took a table lookup each).
     */
    static Map<String, Double> copyOf(Map<String, Double> features) {
        Map<String, Double> copy = new LinkedHashMap<>((int) (features.size() / 0.75f) + 1);
        features.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "feature name"),
                Objects.requireNonNull(value, "feature value")));
        return Collections.unmodifiableMap(copy);
    }
}

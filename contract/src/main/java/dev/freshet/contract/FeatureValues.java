package dev.freshet.contract;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Immutable copies of feature maps that keep the producer's order, which is the order messages are written in. */
final class FeatureValues {

    private FeatureValues() {}

    /**
     * {@code features}, immutable, in its own iteration order; null names or values are refused as {@link Map#copyOf}
     * refuses them. Order matters to readers only for speed: the trainer's scanner matches names in the feature set's
     * order first, and {@code Map.copyOf}'s order is a hash's (784 pixels then took a table lookup each). A map this
     * method made is returned as it is: an image's features go into two or three messages.
     */
    static Map<String, Double> copyOf(Map<String, Double> features) {
        if (features instanceof Frozen) {
            return features;
        }
        Map<String, Double> copy = new LinkedHashMap<>((int) (features.size() / 0.75f) + 1);
        features.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "feature name"),
                Objects.requireNonNull(value, "feature value")));
        return new Frozen(copy);
    }

    /** A copy made by {@link #copyOf}: read-only, equal to any map with the same values. */
    private static final class Frozen extends AbstractMap<String, Double> {
        private final Map<String, Double> values;

        Frozen(Map<String, Double> values) {
            this.values = Collections.unmodifiableMap(values);
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            return values.entrySet();
        }

        @Override
        public Double get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public int size() {
            return values.size();
        }
    }
}

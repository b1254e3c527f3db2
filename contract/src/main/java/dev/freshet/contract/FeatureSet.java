package dev.freshet.contract;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named, versioned schema of numeric features, declared by the source that produces them and recorded in
 * every model's manifest. Messages name the feature set and version they follow. Beside the features, a source
 * declares how models should see them: each feature's encoding, named groups of features, and the crosses of
 * features or groups that carry its signal (a linear model learns those by default).
 *
 * @param name      e.g. {@code drone}
 * @param version   bumped when features or their encodings change
 * @param entityKey what an entity id identifies, e.g. {@code shop_id}
 * @param features  features in order
 * @param labels    the class labels
 * @param groups    group name to its features, e.g. {@code shop_type} to the three one-hot type features
 * @param crosses   crosses of features or groups, each as {@code a*b}, e.g. {@code shop_type*hour}
 */
public record FeatureSet(String name, int version, String entityKey, List<FeatureSpec> features, List<String> labels,
                         Map<String, List<String>> groups, List<String> crosses) {

    public FeatureSet(String name, int version, String entityKey, List<FeatureSpec> features, List<String> labels) {
        this(name, version, entityKey, features, labels, Map.of(), List.of());
    }

    public FeatureSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entityKey, "entityKey");
        features = List.copyOf(features);
        labels = List.copyOf(labels);
        // Stored definitions from before groups and crosses existed have neither.
        groups = groups == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        crosses = crosses == null ? List.of() : List.copyOf(crosses);
        if (version < 1) {
            throw new IllegalArgumentException("feature set version starts at 1, not " + version);
        }
        Set<String> names = new HashSet<>();
        for (FeatureSpec f : features) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("feature '" + f.name() + "' is declared twice in " + name);
            }
        }
        if (features.isEmpty() || labels.isEmpty()) {
            throw new IllegalArgumentException("feature set " + name + " needs features and labels");
        }
    }

    /** All feature names, in order. */
    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }

    /** The features a model may use to predict, in order. */
    public List<String> predictionFeatures() {
        return features.stream().filter(FeatureSpec::knownAtPrediction).map(FeatureSpec::name).toList();
    }

    /**
     * What is wrong with a vector of this set: unknown, missing or non-finite features.
     *
     * @param forPrediction only the features known at prediction time are required
     * @return empty when the vector is valid
     */
    public List<String> problems(Map<String, Double> values, boolean forPrediction) {
        Set<String> known = new HashSet<>(featureNames());
        return FeatureValidation.problems(values, known::contains, forPrediction ? predictionFeatures() : featureNames());
    }
}

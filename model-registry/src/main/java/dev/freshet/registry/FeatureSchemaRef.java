package dev.freshet.registry;

import java.util.List;

/**
 * The feature set a model was trained on, as recorded in its manifest: inference checks requests
 * against it.
 *
 * @param name     feature set name
 * @param version  feature set version
 * @param features feature names, in order
 */
public record FeatureSchemaRef(String name, int version, List<String> features) {

    public FeatureSchemaRef {
        features = features == null ? List.of() : List.copyOf(features);
    }
}

package dev.freshet.learn;

import java.util.Objects;

/** A feature vector with its true class label, once the label is known. */
public record LabelledExample(FeatureVector features, String label) {

    public LabelledExample {
        Objects.requireNonNull(features, "features");
        if (label == null || label.isBlank()) {
            throw new InvalidExampleException("an example needs a non-blank label");
        }
    }
}

package dev.freshet.pipeline.source;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;

/** One message a source wants sent: a feature vector to {@code freshet.features} or an example to {@code freshet.examples}. */
public sealed interface Emission {

    /** Features at event time, before the label is known. */
    record Features(FeatureVectorMessage message) implements Emission {}

    /** An example, sent when its label became known. */
    record Example(LabelledExampleMessage message) implements Emission {}

    static Emission of(FeatureVectorMessage message) {
        return new Features(message);
    }

    static Emission of(LabelledExampleMessage message) {
        return new Example(message);
    }
}

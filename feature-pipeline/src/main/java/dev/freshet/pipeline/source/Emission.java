package dev.freshet.pipeline.source;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;

/**
 * One message a source wants sent: a feature vector to {@code freshet.features}, an example to
 * {@code freshet.examples}, or a held-out example to {@code freshet.test-examples}.
 */
public sealed interface Emission {

    /** Features at event time, before the label is known. */
    record Features(FeatureVectorMessage message) implements Emission {}

    /** An example, sent when its label became known. */
    record Example(LabelledExampleMessage message) implements Emission {}

    /** A held-out example with its label, for evaluation only: no trainer and no store reads it. */
    record HeldOut(LabelledExampleMessage message) implements Emission {}

    static Emission of(FeatureVectorMessage message) {
        return new Features(message);
    }

    static Emission of(LabelledExampleMessage message) {
        return new Example(message);
    }

    static Emission heldOut(LabelledExampleMessage message) {
        return new HeldOut(message);
    }
}

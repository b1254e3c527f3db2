package dev.freshet.learn;

import java.util.List;
import java.util.Map;

/**
 * A classifier that learns one labelled example at a time, in stream order, and can be frozen into a
 * Tribuo model at any point. Not thread-safe: one writer drives it; readers use its snapshots.
 *
 * <p>New features and labels grow the model when they first appear; a batch that lacks a class never
 * shrinks it. Invalid examples ({@link InvalidExampleException}) are refused before they touch any weight.
 */
public interface OnlineLearner {

    /** {@code linear} or {@code mlp}. */
    String algorithm();

    /** Scores an example with the current weights. */
    ClassPrediction predict(FeatureVector features);

    /** Learns one example. */
    void learn(LabelledExample example);

    /** Learns a batch in order, one example after the other; an empty batch changes nothing. */
    default void learn(List<LabelledExample> batch) {
        for (LabelledExample example : batch) {
            learn(example);
        }
    }

    /**
     * Test, then train: predicts the example with the current weights, then learns it. Equivalent to
     * {@link #predict} followed by {@link #learn}, sharing one forward pass.
     */
    ClassPrediction testThenLearn(LabelledExample example);

    /** Examples learned since the model was first created, across snapshots and restores. */
    long examplesSeen();

    /** Feature names, in the order they first appeared. */
    List<String> featureNames();

    /** Label names, in the order they first appeared. */
    List<String> labelNames();

    /**
     * A copy that scores exactly as this learner does now and is never trained: an earlier state to test with
     * (see {@code PrequentialEvaluator#process(LabelledExample, OnlineLearner)}). Cheaper than a snapshot: no
     * Tribuo model, no provenance.
     */
    OnlineLearner frozenCopy();

    /** An immutable Tribuo model of the current weights, plus the optimiser state to continue from it. */
    default LearnerSnapshot snapshot() {
        return snapshot("stream", Map.of());
    }

    /**
     * As {@link #snapshot()}, recording where the examples came from and run facts (e.g. the parent
     * version, Kafka offsets) in the model's provenance.
     */
    LearnerSnapshot snapshot(String source, Map<String, String> runProvenance);
}

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
     * Per categorical feature, the examples learned since this learner was created or restored whose value was
     * none of those declared (they went to the feature's unknown slot).
     */
    default Map<String, Long> unknownCategories() {
        return Map.of();
    }

    /**
     * A copy that scores exactly as this learner does now and is never trained: an earlier state to test with
     * (see {@code PrequentialEvaluator#process(LabelledExample, OnlineLearner)}). Cheaper than a snapshot: no
     * Tribuo model, no provenance.
     */
    OnlineLearner frozenCopy();

    /**
     * A learner that starts from this one's weights and statistics with its optimiser reset and, where it replays,
     * an empty replay window: a challenger that keeps what still holds but forgets momentum and old examples.
     */
    OnlineLearner warmStart();

    /** A learner of the same settings with fresh weights. */
    OnlineLearner freshStart();

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

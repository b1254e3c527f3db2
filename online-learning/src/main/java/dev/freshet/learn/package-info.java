/**
 * Incremental learners on Tribuo: {@link dev.freshet.learn.OnlineLearner} learns labelled examples one at
 * a time, predicts class probabilities, and snapshots to an immutable Tribuo {@code Model<Label>} plus the
 * training state needed to continue exactly where it stopped.
 */
package dev.freshet.learn;

/**
 * Trainers and learners: {@link dev.freshet.learn.train.OnlineLinearTrainer} and
 * {@link dev.freshet.learn.train.OnlineMlpTrainer} are Tribuo trainers whose learners continue across
 * batches, snapshots and restores; {@link dev.freshet.learn.train.OnlineLearners} restores them.
 */
package dev.freshet.learn.train;

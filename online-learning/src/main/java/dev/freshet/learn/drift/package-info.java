/**
 * Concept-drift detectors on a stream of values in [0, 1], usually the prequential error (1 wrong, 0 right):
 * {@link dev.freshet.learn.drift.Adwin} with an adaptive window and {@link dev.freshet.learn.drift.PageHinkley}.
 */
package dev.freshet.learn.drift;

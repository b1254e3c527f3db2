/**
 * Prequential (test-then-train) evaluation: every example is predicted, then learned, in stream order.
 * Metrics over a bounded rolling window and in total; memory does not grow with the stream.
 */
package dev.freshet.learn.eval;

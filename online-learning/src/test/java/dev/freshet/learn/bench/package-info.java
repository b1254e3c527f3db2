/**
 * JMH benchmarks of the learners and the prequential quality sweep, run by `make bench`; {@link
 * dev.freshet.learn.bench.JmhResults} and {@link dev.freshet.learn.bench.QualitySweep} record their figures for
 * BENCHMARKS.md.
 */
package dev.freshet.learn.bench;

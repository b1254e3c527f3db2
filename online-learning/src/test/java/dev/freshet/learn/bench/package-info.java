/** JMH benchmarks of the learners, run by `make bench`; figures go to BENCHMARKS.md. */
package dev.freshet.learn.bench;

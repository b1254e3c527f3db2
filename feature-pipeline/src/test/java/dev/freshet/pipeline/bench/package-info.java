/** Feature-pipeline benchmarks, run by `make bench`; figures go to BENCHMARKS.md. */
package dev.freshet.pipeline.bench;

/** Feature-store benchmark, run by `make bench`; figures go to BENCHMARKS.md. */
package dev.freshet.featurestore.bench;

/** Registry benchmark, run by `make bench`; figures go to BENCHMARKS.md. */
package dev.freshet.registry.quarkus.bench;

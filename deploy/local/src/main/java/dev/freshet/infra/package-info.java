/**
 * Real Kafka, S3 and PostgreSQL servers on one machine without Docker, started as child processes
 * from Maven Central artifacts. {@link dev.freshet.infra.LocalInfra} is the entry point for
 * `make infra-up` and for the test infrastructure of every module.
 */
package dev.freshet.infra;

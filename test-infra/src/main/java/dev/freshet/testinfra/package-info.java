/**
 * Test infrastructure for every module: the deploy/local servers (or, opt-in, Testcontainers) started
 * once per test JVM, reached through {@link dev.freshet.testinfra.WithFreshetInfra} in plain JUnit tests
 * and {@link dev.freshet.testinfra.FreshetInfraTestResource} in {@code @QuarkusTest}s.
 */
package dev.freshet.testinfra;

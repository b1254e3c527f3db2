package dev.freshet.testinfra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.freshet.infra.InfraEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The opt-in Testcontainers provider passes the same smoke checks against Apache Kafka, PostgreSQL
 * and a real MinIO. Needs a Docker engine: without one every test here is reported as skipped, with
 * the reason, rather than silently passing.
 */
class TestcontainersProviderIT {

    private static final String NO_DOCKER = "no Docker engine answers on this machine: Testcontainers provider not tested";

    private static TestcontainersInfraProvider provider;
    private static InfraEndpoints endpoints;

    @BeforeAll
    static void start() throws Exception {
        if (!TestcontainersInfraProvider.dockerAvailable()) {
            System.out.println("SKIPPED TestcontainersProviderIT: " + NO_DOCKER);
            return;
        }
        provider = new TestcontainersInfraProvider();
        endpoints = provider.start();
    }

    /** Per test, so each one is counted as skipped, with the reason, in the report. */
    @BeforeEach
    void requireDocker() {
        assumeTrue(provider != null, NO_DOCKER);
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    void kafkaProducesAndConsumes() throws Exception {
        SmokeChecks.kafkaRoundTrip(endpoints);
    }

    @Test
    void minioRefusesASecondCreateWith412() throws Exception {
        SmokeChecks.s3ConditionalCreate(endpoints);
    }

    @Test
    void postgresRoundTrip() throws Exception {
        SmokeChecks.postgresRoundTrip(endpoints);
    }
}

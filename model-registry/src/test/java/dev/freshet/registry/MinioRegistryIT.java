package dev.freshet.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.freshet.infra.InfraEndpoints;
import dev.freshet.testinfra.TestcontainersInfraProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same contract against a real MinIO image through Testcontainers, where a Docker engine answers.
 * Without one every test is reported skipped, with the reason.
 */
class MinioRegistryIT extends RegistryContract {

    private static final String NO_DOCKER = "no Docker engine answers on this machine: real MinIO not tested";
    private static TestcontainersInfraProvider provider;
    private static InfraEndpoints endpoints;

    @BeforeAll
    static void startMinio() throws Exception {
        if (!TestcontainersInfraProvider.dockerAvailable()) {
            System.out.println("SKIPPED MinioRegistryIT: " + NO_DOCKER);
            return;
        }
        provider = new TestcontainersInfraProvider();
        endpoints = provider.start();
    }

    @AfterAll
    static void stopMinio() {
        if (provider != null) {
            provider.stop();
        }
    }

    @Override
    protected void requireServer() {
        assumeTrue(provider != null, NO_DOCKER);
    }

    @Override
    protected InfraEndpoints endpoints() {
        return endpoints;
    }
}

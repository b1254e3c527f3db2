package dev.freshet.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Choosing the provider by system property. */
class SharedInfraTest {

    private final String before = System.getProperty(SharedInfra.PROVIDER_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(SharedInfra.PROVIDER_PROPERTY);
        } else {
            System.setProperty(SharedInfra.PROVIDER_PROPERTY, before);
        }
    }

    @Test
    void localByDefault() {
        System.clearProperty(SharedInfra.PROVIDER_PROPERTY);
        assertThat(SharedInfra.newProvider()).isInstanceOf(LocalProcessInfraProvider.class);
    }

    @Test
    void testcontainersWhenAskedFor() {
        System.setProperty(SharedInfra.PROVIDER_PROPERTY, "Testcontainers");
        assertThat(SharedInfra.newProvider()).isInstanceOf(TestcontainersInfraProvider.class);
    }

    @Test
    void unknownProviderIsAClearError() {
        System.setProperty(SharedInfra.PROVIDER_PROPERTY, "docker-compose");
        assertThatThrownBy(SharedInfra::newProvider).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("docker-compose").hasMessageContaining("'local' or 'testcontainers'");
    }
}

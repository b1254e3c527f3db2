package dev.freshet.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.infra.InfraEndpoints;
import org.junit.jupiter.api.Test;

/** The default provider's servers are real: Kafka, S3 with conditional writes, PostgreSQL. */
@WithFreshetInfra
class LocalServersSmokeIT {

    @Test
    void kafkaProducesAndConsumes(InfraEndpoints endpoints) throws Exception {
        SmokeChecks.kafkaRoundTrip(endpoints);
    }

    @Test
    void s3RefusesASecondCreateWith412(InfraEndpoints endpoints) throws Exception {
        SmokeChecks.s3ConditionalCreate(endpoints);
    }

    @Test
    void postgresRoundTrip(InfraEndpoints endpoints) throws Exception {
        SmokeChecks.postgresRoundTrip(endpoints);
    }

    @Test
    void serversAreSharedByTheWholeTestJvm(InfraEndpoints endpoints) {
        assertThat(SharedInfra.endpoints()).isEqualTo(endpoints);
    }
}

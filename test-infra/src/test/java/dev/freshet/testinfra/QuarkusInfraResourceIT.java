package dev.freshet.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.freshet.infra.InfraEndpoints;
import io.agroal.api.AgroalDataSource;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A Quarkus application configured only by {@link FreshetInfraTestResource} reaches the shared
 * servers through its own extensions: messaging-kafka, Agroal/PostgreSQL and the MinIO client.
 */
@QuarkusTest
@WithTestResource(FreshetInfraTestResource.class)
class QuarkusInfraResourceIT {

    @InjectFreshetInfra
    InfraEndpoints endpoints;

    @Inject
    SmokeMessages messages;

    @Inject
    MinioClient minio;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void configurationPointsAtTheSharedServers() {
        assertThat(endpoints).isEqualTo(SharedInfra.endpoints());
        assertThat(bootstrapServers).isEqualTo(endpoints.kafkaBootstrapServers());
    }

    @Test
    void emitterAndIncomingChannelUseTheBroker() {
        String value = "quarkus-" + UUID.randomUUID();
        messages.send(value);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messages.received()).contains(value));
    }

    @Test
    void minioClientWritesToTheS3Server() throws Exception {
        String bucket = "quarkus-smoke";
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        byte[] body = "artifact".getBytes();
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object("a/b.pb")
                .stream(new ByteArrayInputStream(body), body.length, -1).build());
        assertThat(minio.statObject(StatObjectArgs.builder().bucket(bucket).object("a/b.pb").build()).size())
                .isEqualTo(body.length);
    }

    @Test
    void datasourceRunsSqlOnPostgres() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), 6 * 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("freshet");
            assertThat(rs.getInt(2)).isEqualTo(42);
        }
    }
}

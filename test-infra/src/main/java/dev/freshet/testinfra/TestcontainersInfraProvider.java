package dev.freshet.testinfra;

import dev.freshet.infra.InfraEndpoints;
import java.net.URI;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Opt-in provider ({@code -Dfreshet.infra=testcontainers}): the same three servers from container
 * images — Apache Kafka, PostgreSQL and a real MinIO — on a machine with a Docker engine. Real MinIO
 * differs from S3Proxy in corners, so this is the check against the genuine server.
 */
public final class TestcontainersInfraProvider implements InfraProvider {

    /** Images pinned to published releases; PostgreSQL matches the launcher's major version. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.0.0";
    public static final String POSTGRES_IMAGE = "postgres:17-alpine";
    // Conditional PUTs (If-None-Match, If-Match) need a MinIO from 2024 on.
    public static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private KafkaContainer kafka;
    private PostgreSQLContainer postgres;
    private MinIOContainer minio;

    /** True when a Docker engine answers; the provider cannot work without one. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public InfraEndpoints start() {
        if (!dockerAvailable()) {
            throw new IllegalStateException("freshet.infra=testcontainers needs a Docker engine, and none answers "
                    + "here; run without -Dfreshet.infra to use the local server processes");
        }
        kafka = new KafkaContainer(KAFKA_IMAGE);
        postgres = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("freshet").withUsername("freshet")
                .withPassword("freshet-test");
        minio = new MinIOContainer(MINIO_IMAGE).withUserName("freshet-test").withPassword("freshet-test-secret");
        Startables.deepStart(Stream.of(kafka, postgres, minio)).join();
        return new InfraEndpoints(kafka.getBootstrapServers(), URI.create(minio.getS3URL()), minio.getUserName(),
                minio.getPassword(), InfraEndpoints.LOCAL_S3_REGION, postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword());
    }

    @Override
    public void stop() {
        Stream.of(kafka, postgres, minio).filter(c -> c != null).forEach(c -> c.stop());
    }

    @Override
    public String description() {
        return "Testcontainers images " + KAFKA_IMAGE + ", " + POSTGRES_IMAGE + ", " + MINIO_IMAGE;
    }
}

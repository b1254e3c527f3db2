package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.helm.Chart.Rendered;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a bundled server, the services point at it; without, at the external values. */
class DependencyWiringTest {

    @Test
    void servicesPointAtTheBundledServers() {
        assertPointsAtBundledServers(Chart.render(Map.of()), "freshet-kafka", "freshet-minio", "freshet-postgresql");
    }

    @Test
    void servicesFollowTheBundledServersRenamed() {
        Rendered rendered = Chart.render(Chart.values("kafka.fullnameOverride", "events", "minio.nameOverride", "registry",
                "postgresql.fullnameOverride", "store"));

        assertPointsAtBundledServers(rendered, "events", "freshet-registry", "store");
    }

    @Test
    void servicesPointAtTheExternalServers() {
        Rendered rendered = Chart.render(Chart.external());

        for (String component : Chart.SERVICES) {
            assertThat(rendered.config(component)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-0.kafka.streams.svc:9092");
        }
        for (String component : new String[] {"training-pipeline", "inference-pipeline"}) {
            assertThat(rendered.config(component))
                    .containsEntry("QUARKUS_MINIO_HOST", "https://s3.eu-west-1.amazonaws.com")
                    .containsEntry("QUARKUS_MINIO_SECURE", "true") // the extension's scheme comes from here
                    .containsEntry("QUARKUS_MINIO_REGION", "eu-west-1")
                    .containsEntry("FRESHET_REGISTRY_BUCKET", "acme-models");
            assertThat(rendered.env(component).get("QUARKUS_MINIO_SECRET_KEY").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("freshet-s3");
        }
        for (String component : new String[] {"feature-pipeline", "training-pipeline"}) {
            assertThat(rendered.config(component))
                    .containsEntry("DB_JDBC_URL", "jdbc:postgresql://pg.db.svc:5432/features")
                    .containsEntry("DB_USER", "feature_store");
            assertThat(rendered.env(component).get("DB_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("freshet-db");
        }
        assertThat(rendered.config("inference-pipeline")).doesNotContainKeys("DB_JDBC_URL", "DB_USER");
        assertThat(rendered.config("feature-pipeline")).doesNotContainKeys("QUARKUS_MINIO_HOST", "FRESHET_REGISTRY_BUCKET");
    }

    @Test
    void dependenciesCanBeMixed() {
        Rendered rendered = Chart.render(Chart.values("postgresql.enabled", false,
                "externalDatabase.jdbcUrl", "jdbc:postgresql://pg.db.svc:5432/features",
                "externalDatabase.password", "x"));

        assertThat(rendered.ofKind("StatefulSet")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("freshet-kafka", "freshet-minio");
        assertThat(rendered.config("training-pipeline"))
                .containsEntry("DB_JDBC_URL", "jdbc:postgresql://pg.db.svc:5432/features")
                .containsEntry("QUARKUS_MINIO_HOST", "http://freshet-minio.ml.svc.cluster.local:9000");
    }

    private static void assertPointsAtBundledServers(Rendered rendered, String kafka, String minio, String postgresql) {
        String suffix = "." + Chart.NAMESPACE + ".svc.cluster.local";

        JsonNode kafkaService = rendered.one("Service", kafka);
        String bootstrap = kafka + suffix + ":" + kafkaService.at("/spec/ports/0/port").asInt();
        for (String component : Chart.SERVICES) {
            assertThat(rendered.config(component)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
        // The broker advertises the address the services bootstrap from.
        assertThat(rendered.one("ConfigMap", kafka + "-config").at("/data/server.properties").asText())
                .contains("advertised.listeners=PLAINTEXT://" + bootstrap);

        JsonNode minioService = rendered.one("Service", minio);
        for (String component : new String[] {"training-pipeline", "inference-pipeline"}) {
            Map<String, String> config = rendered.config(component);
            URI endpoint = URI.create(config.get("QUARKUS_MINIO_HOST"));
            assertThat(endpoint.getHost()).isEqualTo(minio + suffix);
            assertThat(endpoint.getPort()).isEqualTo(minioService.at("/spec/ports/0/port").asInt());
            assertThat(config.get("QUARKUS_MINIO_SECURE")).isEqualTo("false");
            assertThat(config.get("FRESHET_REGISTRY_BUCKET")).isEqualTo("freshet-models");
            // Each service's own user, in the Secret the subchart made for them (the root user stays with MinIO).
            Map<String, JsonNode> env = rendered.env(component);
            String role = component.equals("training-pipeline") ? "writer" : "reader";
            assertThat(env.get("QUARKUS_MINIO_ACCESS_KEY").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(minio + "-users");
            assertThat(env.get("QUARKUS_MINIO_SECRET_KEY").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo(role + "-secret-key");
            assertThat(rendered.has("Secret", minio + "-users")).isTrue();
        }
        // MinIO's own pod reads the same Secret.
        assertThat(rendered.one("StatefulSet", minio).at("/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name").asText())
                .isEqualTo(minio);

        JsonNode postgresqlService = rendered.one("Service", postgresql);
        for (String component : new String[] {"feature-pipeline", "training-pipeline"}) {
            Map<String, String> config = rendered.config(component);
            assertThat(config.get("DB_JDBC_URL")).isEqualTo("jdbc:postgresql://" + postgresql + suffix + ":"
                    + postgresqlService.at("/spec/ports/0/port").asInt() + "/freshet");
            assertThat(config.get("DB_USER")).isEqualTo("freshet");
            JsonNode password = rendered.env(component).get("DB_PASSWORD").at("/valueFrom/secretKeyRef");
            assertThat(password.path("name").asText()).isEqualTo(postgresql);
            assertThat(CredentialsTest.decoded(rendered.one("Secret", postgresql))).containsKey(password.path("key").asText());
        }
        JsonNode postgresEnv = rendered.one("StatefulSet", postgresql).at("/spec/template/spec/containers/0/env");
        assertThat(postgresEnv).anySatisfy(e -> {
            assertThat(e.path("name").asText()).isEqualTo("POSTGRES_USER");
            assertThat(e.path("value").asText()).isEqualTo("freshet");
        });
    }
}

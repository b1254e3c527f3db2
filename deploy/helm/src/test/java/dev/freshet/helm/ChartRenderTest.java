package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.helm.Chart.Rendered;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart renders in each way it is meant to be installed, with the resources each needs. */
class ChartRenderTest {

    @Test
    void rendersTheServicesAndTheBundledServersWithDefaultValues() {
        Rendered rendered = Chart.render(Map.of());

        assertThat(rendered.ofKind("Deployment")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("freshet-feature-pipeline", "freshet-training-pipeline", "freshet-inference-pipeline");
        assertThat(rendered.ofKind("StatefulSet")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("freshet-kafka", "freshet-minio", "freshet-postgresql");
        assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
        assertThat(rendered.has("ConfigMap", "freshet-grafana-dashboards")).isFalse();
        for (String component : Chart.SERVICES) {
            JsonNode service = rendered.one("Service", "freshet-" + component);
            assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
            assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
            assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
            assertThat(service.at("/spec/selector/app.kubernetes.io~1component").asText()).isEqualTo(component);
            assertThat(rendered.has("ConfigMap", "freshet-" + component)).isTrue();
        }
    }

    @Test
    void rendersWithEveryDependencyAndOptionEnabled() {
        Rendered rendered = Chart.render(Chart.everything());

        assertThat(rendered.ofKind("StatefulSet")).hasSize(3);
        assertThat(rendered.ofKind("Deployment")).hasSize(3);
        assertThat(rendered.ofKind("ServiceMonitor")).hasSize(1);
        assertThat(rendered.ofKind("PodDisruptionBudget")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("freshet-feature-pipeline", "freshet-inference-pipeline");
        assertThat(rendered.podSpecs().values()).allSatisfy(pod ->
                assertThat(pod.at("/imagePullSecrets/0/name").asText()).isEqualTo("registry-pull"));
    }

    @Test
    void rendersWithExternalServersAndNoBundledOnes() {
        Rendered rendered = Chart.render(Chart.external());

        assertThat(rendered.ofKind("StatefulSet")).isEmpty();
        assertThat(rendered.ofKind("Secret")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("freshet-s3", "freshet-db");
        assertThat(rendered.text()).doesNotContain("freshet-kafka", "freshet-minio", "freshet-postgresql");
    }

    @Test
    void rendersWithExternalServersAndExistingSecretsWithoutSecretsOfItsOwn() {
        Rendered rendered = Chart.render(Chart.externalWithExistingSecrets());

        assertThat(rendered.ofKind("StatefulSet")).isEmpty();
        assertThat(rendered.ofKind("Secret")).isEmpty();
        Map<String, JsonNode> training = rendered.env("training-pipeline");
        assertThat(training.get("QUARKUS_MINIO_ACCESS_KEY").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("registry-credentials");
        assertThat(training.get("QUARKUS_MINIO_ACCESS_KEY").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("AWS_ACCESS_KEY_ID");
        assertThat(training.get("QUARKUS_MINIO_SECRET_KEY").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("AWS_SECRET_ACCESS_KEY");
        assertThat(training.get("DB_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("features-app");
        assertThat(training.get("DB_USER").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("username");
        assertThat(rendered.config("training-pipeline")).doesNotContainKey("DB_USER");
        assertThat(rendered.config("feature-pipeline").get("KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo("kafka-0.kafka.streams.svc:9092,kafka-1.kafka.streams.svc:9092");
    }

    @Test
    void imagesAreJibsFreshetImagesTaggedWithTheAppVersion() {
        Rendered byDefault = Chart.render(Map.of());
        Rendered withRegistry = Chart.render(Chart.values(
                "global.imageRegistry", "registry.example:5000",
                "inference.image.tag", "0.2.0",
                "training.image.registry", "ghcr.io/acme"));

        assertThat(image(byDefault, "feature-pipeline")).isEqualTo("freshet/feature-pipeline:0.1.0-SNAPSHOT");
        assertThat(image(byDefault, "training-pipeline")).isEqualTo("freshet/training-pipeline:0.1.0-SNAPSHOT");
        assertThat(image(byDefault, "inference-pipeline")).isEqualTo("freshet/inference-pipeline:0.1.0-SNAPSHOT");
        assertThat(image(withRegistry, "feature-pipeline")).isEqualTo("registry.example:5000/freshet/feature-pipeline:0.1.0-SNAPSHOT");
        assertThat(image(withRegistry, "inference-pipeline")).isEqualTo("registry.example:5000/freshet/inference-pipeline:0.2.0");
        assertThat(image(withRegistry, "training-pipeline")).isEqualTo("ghcr.io/acme/freshet/training-pipeline:0.1.0-SNAPSHOT");
    }

    @Test
    void podsRollWhenTheirConfigurationOrCredentialsChange() {
        Rendered before = Chart.render(Chart.external());
        Rendered newFeatureSet = Chart.render(Chart.merged(Chart.external(), Chart.values("training.featureSet", "crypto")));
        Rendered newDbPassword = Chart.render(Chart.merged(Chart.external(), Chart.values("externalDatabase.password", "rotated")));

        assertThat(checksum(newFeatureSet, "training-pipeline", "config")).isNotEqualTo(checksum(before, "training-pipeline", "config"));
        assertThat(checksum(newFeatureSet, "inference-pipeline", "config")).isEqualTo(checksum(before, "inference-pipeline", "config"));
        assertThat(checksum(newDbPassword, "training-pipeline", "secret")).isNotEqualTo(checksum(before, "training-pipeline", "secret"));
        assertThat(checksum(newDbPassword, "feature-pipeline", "secret")).isNotEqualTo(checksum(before, "feature-pipeline", "secret"));
        // Inference reads no database: its pods stay.
        assertThat(checksum(newDbPassword, "inference-pipeline", "secret")).isEqualTo(checksum(before, "inference-pipeline", "secret"));
    }

    @Test
    void podsAreAnnotatedForPrometheusAndUseTheChartsServiceAccountWithoutItsToken() {
        Rendered rendered = Chart.render(Map.of());

        assertThat(rendered.one("ServiceAccount", "freshet").path("automountServiceAccountToken").asBoolean(true)).isFalse();
        for (String component : Chart.SERVICES) {
            JsonNode template = rendered.deployment(component).at("/spec/template");
            JsonNode annotations = template.at("/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            assertThat(annotations.path("prometheus.io/port").asText())
                    .isEqualTo(template.at("/spec/containers/0/ports/0/containerPort").asText());
            assertThat(template.at("/spec/containers/0/ports/0/name").asText()).isEqualTo("http");
            assertThat(rendered.config(component).get("HTTP_PORT"))
                    .isEqualTo(template.at("/spec/containers/0/ports/0/containerPort").asText());
            assertThat(template.at("/spec/serviceAccountName").asText()).isEqualTo("freshet");
            assertThat(template.at("/spec/automountServiceAccountToken").asBoolean(true)).isFalse();
            JsonNode resources = template.at("/spec/containers/0/resources");
            assertThat(resources.at("/requests/memory").isMissingNode()).isFalse();
            assertThat(resources.at("/limits/memory").isMissingNode()).isFalse();
        }
    }

    @Test
    void servicesCanBeLeftOut() {
        Rendered rendered = Chart.render(Chart.values("featurePipeline.enabled", false, "inference.enabled", false));

        assertThat(rendered.ofKind("Deployment")).extracting(d -> d.at("/metadata/name").asText())
                .containsExactly("freshet-training-pipeline");
        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(rendered.ofKind("PodDisruptionBudget")).isEmpty();
    }

    @Test
    void notesTellHowToReachTheInferenceApiAndWhatIsInstalled() {
        String bundled = Chart.notes(Map.of());
        String external = Chart.notes(Chart.external());

        assertThat(bundled).contains("port-forward svc/freshet-inference-pipeline 8080:8080", "/q/swagger-ui",
                "/inference/status", "/training/status", "Kafka        installed", "helm test freshet");
        assertThat(external).contains("Kafka        external", "kafka-0.kafka.streams.svc:9092",
                "https://s3.eu-west-1.amazonaws.com", "jdbc:postgresql://pg.db.svc:5432/features")
                .doesNotContain("installed (");
    }

    private static String image(Rendered rendered, String component) {
        return rendered.deployment(component).at("/spec/template/spec/containers/0/image").asText();
    }

    private static String checksum(Rendered rendered, String component, String what) {
        String value = rendered.deployment(component).at("/spec/template/metadata/annotations").path("checksum/" + what).asText();
        assertThat(value).hasSize(64);
        return value;
    }
}

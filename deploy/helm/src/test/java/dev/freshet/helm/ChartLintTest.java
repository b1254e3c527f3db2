package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm lint --strict}: warnings fail too. helm-java's lint takes no values, so the other scenarios lint a
 * copy of the chart whose values.yaml was changed. The subcharts are vendored under charts/: lint needs no
 * {@code helm dependency update}.
 */
class ChartLintTest {

    @Test
    void passesStrictWithDefaultValues() {
        assertPasses(Chart.lintStrict(Chart.DIR));
    }

    @Test
    void passesStrictWithEveryDependencyAndOptionEnabled(@TempDir Path dir) {
        Path chart = Chart.copyWithValues(dir.resolve("freshet"), values -> {
            for (String dependency : new String[] {"kafka", "minio", "postgresql"}) {
                ((ObjectNode) values.path(dependency)).put("enabled", true);
            }
            ((ObjectNode) values.path("featurePipeline").path("source")).put("enabled", false);
            ((ObjectNode) values.path("featurePipeline")).put("replicaCount", 3);
            ((ObjectNode) values.path("metrics").path("serviceMonitor")).put("enabled", true);
            ((ObjectNode) values.path("grafana").path("dashboards")).put("enabled", true);
            ((ObjectNode) values.path("inference").path("autoscaling")).put("targetMemoryUtilizationPercentage", 80);
        });
        assertPasses(Chart.lintStrict(chart));
    }

    @Test
    void passesStrictWithExternalServersAndExistingSecrets(@TempDir Path dir) {
        Path chart = Chart.copyWithValues(dir.resolve("freshet"), values -> {
            for (String dependency : new String[] {"kafka", "minio", "postgresql"}) {
                ((ObjectNode) values.path(dependency)).put("enabled", false);
            }
            ((ObjectNode) values.path("externalKafka")).put("bootstrapServers", "kafka.streams.svc:9092");
            ((ObjectNode) values.path("externalS3")).put("endpoint", "https://s3.amazonaws.com")
                    .put("existingSecret", "registry-credentials");
            ((ObjectNode) values.path("externalDatabase")).put("jdbcUrl", "jdbc:postgresql://pg:5432/freshet")
                    .put("existingSecret", "features-app");
        });
        assertPasses(Chart.lintStrict(chart));
    }

    @Test
    void passesStrictWithKafkaOverSaslSslApiKeysAndAJwtPublicKey(@TempDir Path dir) {
        Path chart = Chart.copyWithValues(dir.resolve("freshet"), values -> {
            ((ObjectNode) values.path("kafka")).put("enabled", false);
            ObjectNode kafka = ((ObjectNode) values.path("externalKafka")).put("bootstrapServers", "kafka.streams.svc:9093")
                    .put("securityProtocol", "SASL_SSL").put("saslMechanism", "SCRAM-SHA-512");
            ((ObjectNode) kafka.path("saslJaasConfigSecret")).put("name", "kafka-sasl");
            ((ObjectNode) kafka.path("tlsCaSecret")).put("name", "kafka-ca");
            ((ObjectNode) values.path("security").path("apiKeys")).put("existingSecret", SecurityValuesTest.API_KEYS);
            ((ObjectNode) values.path("security").path("jwt")).put("issuer", SecurityValuesTest.ISSUER)
                    .put("publicKeyPem", SecurityValuesTest.PEM);
            ((ObjectNode) values.path("inference")).put("protectPredictions", true);
        });
        assertPasses(Chart.lintStrict(chart));
    }

    /** The lint tests above could fail: a template that does not parse is reported. */
    @Test
    void reportsABrokenTemplate(@TempDir Path dir) throws IOException {
        Path chart = dir.resolve("freshet");
        Chart.copy(Chart.DIR, chart);
        Files.writeString(chart.resolve("templates/broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.nope }}\n");

        LintResult result = Chart.lintStrict(chart);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("broken.yaml");
    }

    private static void assertPasses(LintResult result) {
        assertThat(result.isFailed()).as("lint --strict failed:%n%s", String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }
}

package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.helm.Chart.Rendered;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Credentials live in Secrets only, reach the services through secretKeyRef, and have no defaults. */
class CredentialsTest {

    static final String S3_SECRET = "s3-secret-marker-123";
    static final String S3_ACCESS = "s3-access-marker-789";
    static final String DB_PASSWORD = "db-pass-marker-456";
    static final Pattern SECRET_LOOKING_KEY = Pattern.compile("(?i).*(PASSWORD|SECRET|ACCESS_KEY|TOKEN).*");

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("bundled servers", Chart.values(
                        "minio.auth.rootUser", S3_ACCESS, "minio.auth.rootPassword", S3_SECRET,
                        "postgresql.auth.password", DB_PASSWORD,
                        "grafana.dashboards.enabled", true)),
                Arguments.of("external servers", Chart.merged(Chart.external(), Chart.values(
                        "externalS3.accessKey", S3_ACCESS, "externalS3.secretKey", S3_SECRET,
                        "externalDatabase.password", DB_PASSWORD,
                        "grafana.dashboards.enabled", true))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void credentialsAppearInSecretsOnly(String scenario, Map<String, Object> values) {
        Rendered rendered = Chart.renderWithHooks(values);

        for (String marker : List.of(S3_SECRET, S3_ACCESS, DB_PASSWORD)) {
            String encoded = Base64.getEncoder().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
            assertThat(rendered.ofKind("Secret")).as("a Secret holds %s", marker)
                    .anySatisfy(secret -> assertThat(decoded(secret)).containsValue(marker));
            for (JsonNode doc : rendered.docs()) {
                if (!doc.path("kind").asText().equals("Secret")) {
                    assertThat(doc.toString()).as("%s %s", doc.path("kind").asText(), doc.at("/metadata/name").asText())
                            .doesNotContain(marker, encoded);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noConfigMapKeyLooksLikeACredential(String scenario, Map<String, Object> values) {
        Rendered rendered = Chart.renderWithHooks(values);

        assertThat(rendered.ofKind("ConfigMap")).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode configMap : rendered.ofKind("ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(key ->
                    assertThat(key).as("key of ConfigMap %s", configMap.at("/metadata/name").asText())
                            .doesNotMatch(SECRET_LOOKING_KEY));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void servicesReadCredentialsFromSecretsThatExist(String scenario, Map<String, Object> values) {
        Rendered rendered = Chart.render(values);

        Map<String, List<String>> credentials = Map.of(
                "feature-pipeline", List.of("DB_PASSWORD"),
                "training-pipeline", List.of("DB_PASSWORD", "QUARKUS_MINIO_ACCESS_KEY", "QUARKUS_MINIO_SECRET_KEY"),
                "inference-pipeline", List.of("QUARKUS_MINIO_ACCESS_KEY", "QUARKUS_MINIO_SECRET_KEY"));
        credentials.forEach((component, names) -> {
            Map<String, JsonNode> env = rendered.env(component);
            assertThat(env.keySet()).as(component).containsAll(names);
            for (String name : names) {
                JsonNode ref = env.get(name).at("/valueFrom/secretKeyRef");
                assertThat(env.get(name).has("value")).as("%s %s has no literal value", component, name).isFalse();
                JsonNode secret = rendered.one("Secret", ref.path("name").asText());
                assertThat(decoded(secret)).as("%s %s", component, name).containsKey(ref.path("key").asText());
            }
            assertThat(rendered.config(component).keySet()).doesNotContainAnyElementsOf(names);
        });
        assertThat(rendered.env("inference-pipeline")).doesNotContainKey("DB_PASSWORD");
        assertThat(rendered.env("feature-pipeline")).doesNotContainKeys("QUARKUS_MINIO_ACCESS_KEY", "QUARKUS_MINIO_SECRET_KEY");
    }

    @Test
    void bundledServersGetGeneratedPasswordsWhenNoneIsGiven() {
        Rendered first = Chart.render(Map.of());
        Rendered second = Chart.render(Map.of());

        String password = decoded(first.one("Secret", "freshet-postgresql")).get("password");
        String minioPassword = decoded(first.one("Secret", "freshet-minio")).get("root-password");
        assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(minioPassword).hasSizeGreaterThanOrEqualTo(8);
        assertThat(decoded(first.one("Secret", "freshet-minio")).get("root-user")).hasSizeGreaterThanOrEqualTo(3);
        // Random, not a default (a real install keeps the first one through lookup).
        assertThat(decoded(second.one("Secret", "freshet-postgresql")).get("password")).isNotEqualTo(password);
    }

    @Test
    void generatedCredentialsAreKeptOnUpgrade() {
        Chart.KUBE.putSecret(Chart.NAMESPACE, "freshet-postgresql", Map.of("password", "kept-db-password"));
        Chart.KUBE.putSecret(Chart.NAMESPACE, "freshet-minio", Map.of("root-user", "kept-user", "root-password", "kept-s3-password"));
        try {
            Rendered upgrade = Chart.render(Map.of());

            assertThat(decoded(upgrade.one("Secret", "freshet-postgresql"))).containsEntry("password", "kept-db-password");
            assertThat(decoded(upgrade.one("Secret", "freshet-minio")))
                    .containsEntry("root-user", "kept-user").containsEntry("root-password", "kept-s3-password");
            // A value given explicitly still wins.
            assertThat(decoded(Chart.render(Chart.values("postgresql.auth.password", "new-password")).one("Secret", "freshet-postgresql")))
                    .containsEntry("password", "new-password");
        } finally {
            Chart.KUBE.clear();
        }
    }

    @Test
    void externalServersWithoutCredentialsAreRefused() {
        assertThatThrownBy(() -> Chart.render(Chart.merged(Chart.external(), Chart.values("externalDatabase.password", ""))))
                .hasMessageContaining("externalDatabase.existingSecret")
                .hasMessageContaining("no default credentials");
        assertThatThrownBy(() -> Chart.render(Chart.merged(Chart.external(), Chart.values("externalS3.secretKey", ""))))
                .hasMessageContaining("externalS3.secretKey")
                .hasMessageContaining("no default credentials");
        assertThatThrownBy(() -> Chart.render(Chart.merged(Chart.external(), Chart.values("externalKafka.bootstrapServers", ""))))
                .hasMessageContaining("externalKafka.bootstrapServers");
        assertThatThrownBy(() -> Chart.render(Chart.merged(Chart.external(), Chart.values("externalS3.endpoint", ""))))
                .hasMessageContaining("externalS3.endpoint");
    }

    @Test
    void theTrainerWritesTheRegistryAndInferenceOnlyReadsItWithABundledMinio() {
        Rendered rendered = Chart.renderWithHooks(Map.of());

        assertThat(ref(rendered, "training-pipeline", "QUARKUS_MINIO_ACCESS_KEY")).isEqualTo("freshet-minio-users/writer-access-key");
        assertThat(ref(rendered, "training-pipeline", "QUARKUS_MINIO_SECRET_KEY")).isEqualTo("freshet-minio-users/writer-secret-key");
        assertThat(ref(rendered, "inference-pipeline", "QUARKUS_MINIO_ACCESS_KEY")).isEqualTo("freshet-minio-users/reader-access-key");
        assertThat(ref(rendered, "inference-pipeline", "QUARKUS_MINIO_SECRET_KEY")).isEqualTo("freshet-minio-users/reader-secret-key");
        Map<String, String> users = decoded(rendered.one("Secret", "freshet-minio-users"));
        assertThat(users.get("reader-access-key")).startsWith("freshet-reader-").isNotEqualTo(users.get("writer-access-key"));
        assertThat(users.get("reader-secret-key")).hasSize(40).isNotEqualTo(users.get("writer-secret-key"));
        // The Job that makes them: a policy per role, the reader's without a single write action.
        String script = rendered.one("Job", "freshet-minio-bucket").at("/spec/template/spec/containers/0/args/0").asText();
        String reader = script.substring(script.indexOf("cat > /tmp/reader.json"), script.indexOf("for role in"));
        assertThat(reader).contains("s3:GetObject", "s3:ListBucket").doesNotContain("Put", "Delete", "s3:*");
        assertThat(script).contains("admin policy attach freshet \"freshet-registry-${role}\" --user \"${key}\"");
        // With the Job off nothing would create the users: the services keep the root credentials then.
        Rendered noJob = Chart.render(Chart.values("minio.bucketJob.enabled", false));
        assertThat(ref(noJob, "inference-pipeline", "QUARKUS_MINIO_ACCESS_KEY")).isEqualTo("freshet-minio/root-user");
    }

    @Test
    void externalS3GivesInferenceItsReadOnlyKeyWhenThereIsOne() {
        Rendered same = Chart.render(Chart.external());
        assertThat(ref(same, "inference-pipeline", "QUARKUS_MINIO_ACCESS_KEY")).isEqualTo("freshet-s3/access-key");

        Rendered split = Chart.render(Chart.merged(Chart.external(), Chart.values(
                "externalS3.readOnly.accessKey", "AKIAREADONLY", "externalS3.readOnly.secretKey", "read-only-secret")));
        assertThat(ref(split, "training-pipeline", "QUARKUS_MINIO_ACCESS_KEY")).isEqualTo("freshet-s3/access-key");
        assertThat(ref(split, "inference-pipeline", "QUARKUS_MINIO_ACCESS_KEY")).isEqualTo("freshet-s3-read-only/access-key");
        assertThat(ref(split, "inference-pipeline", "QUARKUS_MINIO_SECRET_KEY")).isEqualTo("freshet-s3-read-only/secret-key");
        assertThat(decoded(split.one("Secret", "freshet-s3-read-only"))).containsEntry("access-key", "AKIAREADONLY");

        Rendered existing = Chart.render(Chart.merged(Chart.external(), Chart.values(
                "externalS3.readOnly.existingSecret", "registry-reader",
                "externalS3.readOnly.existingSecretAccessKeyKey", "AWS_ACCESS_KEY_ID")));
        assertThat(ref(existing, "inference-pipeline", "QUARKUS_MINIO_ACCESS_KEY")).isEqualTo("registry-reader/AWS_ACCESS_KEY_ID");
        assertThat(ref(existing, "inference-pipeline", "QUARKUS_MINIO_SECRET_KEY")).isEqualTo("registry-reader/secret-key");

        assertThatThrownBy(() -> Chart.render(Chart.merged(Chart.external(), Chart.values(
                "externalS3.readOnly.accessKey", "AKIAREADONLY"))))
                .hasMessageContaining("externalS3.readOnly").hasMessageContaining("no default credentials");
    }

    private static String ref(Rendered rendered, String component, String name) {
        JsonNode ref = rendered.env(component).get(name).at("/valueFrom/secretKeyRef");
        return ref.path("name").asText() + "/" + ref.path("key").asText();
    }

    @Test
    void aSecretLookingEnvEntryIsRefusedBecauseEnvGoesIntoTheConfigMap() {
        assertThatThrownBy(() -> Chart.render(Chart.values("training.env.API_TOKEN", "abc")))
                .hasMessageContaining("training.env.API_TOKEN")
                .hasMessageContaining("training.extraEnv");

        Rendered rendered = Chart.render(Chart.values("training.env.FRESHET_TRAINING_PUBLISH_INTERVAL", "60s",
                "training.extraEnv[0].name", "API_TOKEN",
                "training.extraEnv[0].valueFrom.secretKeyRef.name", "api",
                "training.extraEnv[0].valueFrom.secretKeyRef.key", "token"));
        assertThat(rendered.config("training-pipeline")).containsEntry("FRESHET_TRAINING_PUBLISH_INTERVAL", "60s");
        assertThat(rendered.env("training-pipeline").get("API_TOKEN").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("api");
    }

    static Map<String, String> decoded(JsonNode secret) {
        Map<String, String> values = new LinkedHashMap<>();
        secret.path("data").properties().forEach(e -> values.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        secret.path("stringData").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}

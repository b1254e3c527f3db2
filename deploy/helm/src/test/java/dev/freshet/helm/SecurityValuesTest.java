package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.helm.Chart.Rendered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication of the training and inference APIs (API keys from a Secret, JWT, protected predictions) and Kafka
 * over TLS and SASL: the settings reach the services they are meant for, credentials only by secretKeyRef, files
 * as read-only volumes, and values that do not fit together stop the install with a message naming them.
 */
class SecurityValuesTest {

    static final String API_KEYS = "freshet-api-keys";
    static final List<String> API_KEY_ENV = List.of(
            "FRESHET_SECURITY_API_KEYS_ADMIN", "FRESHET_SECURITY_API_KEYS_OPERATOR", "FRESHET_SECURITY_API_KEYS_READER");
    static final List<String> SECURED = List.of("training-pipeline", "inference-pipeline");
    static final String ISSUER = "https://id.example/realms/acme";
    static final String JWKS = "https://id.example/realms/acme/protocol/openid-connect/certs";
    static final String PEM = """
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo
            4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u
            +qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyeh
            kd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ
            0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdg
            cKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbc
            mwIDAQAB
            -----END PUBLIC KEY-----
            """;

    /** External Kafka over SASL_SSL with a private CA. */
    static Map<String, Object> kafkaSaslSsl() {
        return Chart.merged(Chart.external(), Chart.values(
                "externalKafka.securityProtocol", "SASL_SSL",
                "externalKafka.saslMechanism", "SCRAM-SHA-512",
                "externalKafka.saslJaasConfigSecret.name", "kafka-sasl",
                "externalKafka.tlsCaSecret.name", "kafka-ca"));
    }

    // ------------------------------------------------------------------------------------------------------------
    // API keys
    // ------------------------------------------------------------------------------------------------------------

    @Test
    void apiKeysReachTrainingAndInferenceOnlyBySecretKeyRef() {
        Rendered rendered = Chart.renderWithHooks(Chart.values("security.apiKeys.existingSecret", API_KEYS));

        for (String component : SECURED) {
            Map<String, JsonNode> env = rendered.env(component);
            assertThat(env.keySet()).as(component).containsAll(API_KEY_ENV);
            for (String name : API_KEY_ENV) {
                JsonNode entry = env.get(name);
                assertThat(entry.has("value")).as("%s %s has no literal value", component, name).isFalse();
                JsonNode ref = entry.at("/valueFrom/secretKeyRef");
                assertThat(ref.path("name").asText()).as("%s %s", component, name).isEqualTo(API_KEYS);
                String role = name.substring("FRESHET_SECURITY_API_KEYS_".length()).toLowerCase();
                assertThat(ref.path("key").asText()).as("%s %s", component, name).isEqualTo(role);
                // A Secret may hold only some of the roles.
                assertThat(ref.path("optional").asBoolean(false)).as("%s %s optional", component, name).isTrue();
            }
            assertThat(rendered.config(component).keySet()).doesNotContainAnyElementsOf(API_KEY_ENV);
        }
        // The feature pipeline authenticates nobody.
        assertThat(rendered.env("feature-pipeline").keySet()).doesNotContainAnyElementsOf(API_KEY_ENV);
        // Nothing but the two Deployments mentions the keys: no ConfigMap, no Secret made up by the chart.
        for (JsonNode doc : rendered.docs()) {
            String what = doc.path("kind").asText() + " " + doc.at("/metadata/name").asText();
            if (!what.equals("Deployment freshet-training-pipeline") && !what.equals("Deployment freshet-inference-pipeline")) {
                assertThat(doc.toString()).as(what).doesNotContain("FRESHET_SECURITY_API_KEYS", API_KEYS);
            }
        }
        assertThat(rendered.ofKind("Secret")).allSatisfy(secret ->
                assertThat(CredentialsTest.decoded(secret)).doesNotContainKeys("admin", "operator", "reader"));
    }

    @Test
    void defaultValuesRenderNoApiKeyNoJwtAndNoKafkaSecurity() {
        for (Map<String, Object> values : List.of(Map.<String, Object>of(), Chart.external())) {
            Rendered rendered = Chart.render(values);

            assertThat(rendered.text()).doesNotContain("FRESHET_SECURITY_API_KEYS", "MP_JWT", "KAFKA_SECURITY_PROTOCOL",
                    "KAFKA_SASL", "KAFKA_SSL", "jwt-public-key", "kafka-tls-ca");
            for (String component : Chart.SERVICES) {
                JsonNode pod = rendered.deployment(component).at("/spec/template/spec");
                assertThat(pod.path("volumes")).as(component).extracting(v -> v.path("name").asText()).containsExactly("tmp");
            }
            assertThat(rendered.config("inference-pipeline")).containsEntry("FRESHET_SECURITY_PROTECT_PREDICTIONS", "false");
        }
    }

    @Test
    void secretsCannotBePutInTheConfigMapThroughEnv() {
        assertThatThrownBy(() -> Chart.render(Chart.values("training.env.FRESHET_SECURITY_API_KEYS_ADMIN", "0123456789abcdef0123")))
                .hasMessageContaining("training.env.FRESHET_SECURITY_API_KEYS_ADMIN")
                .hasMessageContaining("training.extraEnv");
        assertThatThrownBy(() -> Chart.render(Chart.values("featurePipeline.env.KAFKA_SASL_JAAS_CONFIG", "x")))
                .hasMessageContaining("featurePipeline.env.KAFKA_SASL_JAAS_CONFIG");
    }

    // ------------------------------------------------------------------------------------------------------------
    // JWT and protected predictions
    // ------------------------------------------------------------------------------------------------------------

    @Test
    void jwtIssuerAndPublicKeyLocationReachTrainingAndInference() {
        Rendered rendered = Chart.render(Chart.values("security.jwt.issuer", ISSUER, "security.jwt.publicKeyLocation", JWKS));

        for (String component : SECURED) {
            assertThat(rendered.config(component)).as(component)
                    .containsEntry("MP_JWT_VERIFY_ISSUER", ISSUER)
                    .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", JWKS);
        }
        assertThat(rendered.config("feature-pipeline")).doesNotContainKeys("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        assertThat(rendered.has("ConfigMap", "freshet-jwt-public-key")).isFalse();
        // No audience set: not checked, so no key.
        assertThat(rendered.config("training-pipeline")).doesNotContainKey("MP_JWT_VERIFY_AUDIENCES");
    }

    @Test
    void aJwtAudienceReachesTrainingAndInference() {
        Rendered rendered = Chart.render(Chart.values("security.jwt.issuer", ISSUER, "security.jwt.publicKeyLocation", JWKS,
                "security.jwt.audience", "freshet,freshet-ops"));
        for (String component : SECURED) {
            assertThat(rendered.config(component)).as(component).containsEntry("MP_JWT_VERIFY_AUDIENCES", "freshet,freshet-ops");
        }
        assertThat(rendered.config("feature-pipeline")).doesNotContainKey("MP_JWT_VERIFY_AUDIENCES");
    }

    @Test
    void aPemPublicKeyIsMountedReadOnlyFromAConfigMapAndTheLocationPointsAtIt() {
        Rendered rendered = Chart.render(Chart.values("security.jwt.issuer", ISSUER, "security.jwt.publicKeyPem", PEM));

        JsonNode configMap = rendered.one("ConfigMap", "freshet-jwt-public-key");
        assertThat(configMap.at("/data").size()).isEqualTo(1);
        String file = configMap.at("/data").fieldNames().next();
        assertThat(configMap.at("/data").path(file).asText()).isEqualTo(PEM);
        for (String component : SECURED) {
            JsonNode pod = rendered.deployment(component).at("/spec/template/spec");
            JsonNode volume = volume(pod, v -> v.at("/configMap/name").asText().equals("freshet-jwt-public-key"));
            JsonNode item = volume.at("/configMap/items/0");
            assertThat(item.path("key").asText()).isEqualTo(file);
            JsonNode mount = mount(pod, volume.path("name").asText());
            assertThat(mount.path("readOnly").asBoolean(false)).as("%s mounts the key read-only", component).isTrue();
            assertThat(rendered.config(component))
                    .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", mount.path("mountPath").asText() + "/" + item.path("path").asText())
                    .containsEntry("MP_JWT_VERIFY_ISSUER", ISSUER);
        }
        assertThat(rendered.deployment("feature-pipeline").at("/spec/template/spec/volumes"))
                .extracting(v -> v.path("name").asText()).containsExactly("tmp");

        // Pods roll when the key changes.
        Rendered rotated = Chart.render(Chart.values("security.jwt.issuer", ISSUER,
                "security.jwt.publicKeyPem", PEM.replace("mwIDAQAB", "nwIDAQAB")));
        for (String component : SECURED) {
            assertThat(checksum(rotated, component)).as(component).isNotEqualTo(checksum(rendered, component));
        }
        assertThat(checksum(rotated, "feature-pipeline")).isEqualTo(checksum(rendered, "feature-pipeline"));
    }

    @Test
    void predictionsAreOpenByDefaultAndProtectedOnDemand() {
        assertThat(Chart.render(Map.of()).config("inference-pipeline"))
                .containsEntry("FRESHET_SECURITY_PROTECT_PREDICTIONS", "false");

        Rendered rendered = Chart.render(Chart.values("inference.protectPredictions", true));
        assertThat(rendered.config("inference-pipeline")).containsEntry("FRESHET_SECURITY_PROTECT_PREDICTIONS", "true");
        assertThat(rendered.config("training-pipeline")).doesNotContainKey("FRESHET_SECURITY_PROTECT_PREDICTIONS");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Kafka TLS and SASL
    // ------------------------------------------------------------------------------------------------------------

    @Test
    void kafkaOverSaslSslReachesTheThreeServicesWithTheJaasLineFromItsSecretAndTheCaMounted() {
        Rendered rendered = Chart.render(kafkaSaslSsl());

        for (String component : Chart.SERVICES) {
            Map<String, String> config = rendered.config(component);
            assertThat(config).as(component)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                    .doesNotContainKey("KAFKA_SASL_JAAS_CONFIG");

            JsonNode jaas = rendered.env(component).get("KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas).as("%s KAFKA_SASL_JAAS_CONFIG", component).isNotNull();
            assertThat(jaas.has("value")).as("%s: no literal JAAS line", component).isFalse();
            assertThat(jaas.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("kafka-sasl");
            assertThat(jaas.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("sasl.jaas.config");
            assertThat(jaas.at("/valueFrom/secretKeyRef/optional").asBoolean(false)).as("the JAAS line is required").isFalse();

            JsonNode pod = rendered.deployment(component).at("/spec/template/spec");
            JsonNode volume = volume(pod, v -> v.at("/secret/secretName").asText().equals("kafka-ca"));
            JsonNode item = volume.at("/secret/items/0");
            assertThat(item.path("key").asText()).isEqualTo("ca.crt");
            JsonNode mount = mount(pod, volume.path("name").asText());
            assertThat(mount.path("readOnly").asBoolean(false)).as("%s mounts the CA read-only", component).isTrue();
            assertThat(config.get("KAFKA_SSL_TRUSTSTORE_LOCATION"))
                    .isEqualTo(mount.path("mountPath").asText() + "/" + item.path("path").asText());
        }
        for (JsonNode configMap : rendered.ofKind("ConfigMap")) {
            assertThat(configMap.toString()).doesNotContain("KAFKA_SASL_JAAS_CONFIG", "kafka-sasl");
        }

        // Other key names in the user's Secrets.
        Rendered otherKeys = Chart.render(Chart.merged(kafkaSaslSsl(), Chart.values(
                "externalKafka.saslJaasConfigSecret.key", "jaas", "externalKafka.tlsCaSecret.key", "tls.crt")));
        assertThat(otherKeys.env("training-pipeline").get("KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/key").asText())
                .isEqualTo("jaas");
        JsonNode pod = otherKeys.deployment("inference-pipeline").at("/spec/template/spec");
        JsonNode volume = volume(pod, v -> v.at("/secret/secretName").asText().equals("kafka-ca"));
        assertThat(volume.at("/secret/items/0/key").asText()).isEqualTo("tls.crt");
        assertThat(otherKeys.config("inference-pipeline").get("KAFKA_SSL_TRUSTSTORE_LOCATION"))
                .isEqualTo(mount(pod, volume.path("name").asText()).path("mountPath").asText() + "/"
                        + volume.at("/secret/items/0/path").asText());
    }

    @Test
    void kafkaOverSslNeedsNoCaSecretAndSaslPlaintextNoTls() {
        Rendered ssl = Chart.render(Chart.merged(Chart.external(), Chart.values("externalKafka.securityProtocol", "SSL")));
        for (String component : Chart.SERVICES) {
            assertThat(ssl.config(component)).containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
                    .doesNotContainKeys("KAFKA_SASL_MECHANISM", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThat(ssl.env(component)).doesNotContainKey("KAFKA_SASL_JAAS_CONFIG");
            assertThat(ssl.deployment(component).at("/spec/template/spec/volumes"))
                    .extracting(v -> v.path("name").asText()).containsExactly("tmp");
        }

        Rendered saslPlaintext = Chart.render(Chart.merged(Chart.external(), Chart.values(
                "externalKafka.securityProtocol", "SASL_PLAINTEXT", "externalKafka.saslMechanism", "PLAIN",
                "externalKafka.saslJaasConfigSecret.name", "kafka-sasl")));
        for (String component : Chart.SERVICES) {
            assertThat(saslPlaintext.config(component)).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("KAFKA_SASL_MECHANISM", "PLAIN")
                    .doesNotContainKeys("KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");
            assertThat(saslPlaintext.env(component).get("KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/name").asText())
                    .isEqualTo("kafka-sasl");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Values that do not fit together
    // ------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> refused() {
        Map<String, Object> external = Chart.external();
        return Stream.of(
                Arguments.of("SASL without a mechanism", Chart.merged(external, Chart.values(
                        "externalKafka.securityProtocol", "SASL_SSL",
                        "externalKafka.saslJaasConfigSecret.name", "kafka-sasl")),
                        List.of("externalKafka.securityProtocol=SASL_SSL", "set externalKafka.saslMechanism")),
                Arguments.of("SASL without the JAAS Secret", Chart.merged(external, Chart.values(
                        "externalKafka.securityProtocol", "SASL_PLAINTEXT", "externalKafka.saslMechanism", "PLAIN")),
                        List.of("externalKafka.securityProtocol=SASL_PLAINTEXT", "set externalKafka.saslJaasConfigSecret.name",
                                "no default credentials")),
                Arguments.of("a JAAS Secret with PLAINTEXT", Chart.merged(external, Chart.values(
                        "externalKafka.saslJaasConfigSecret.name", "kafka-sasl")),
                        List.of("externalKafka.saslJaasConfigSecret.name is set", "externalKafka.securityProtocol=PLAINTEXT")),
                Arguments.of("a JAAS Secret with SSL", Chart.merged(external, Chart.values(
                        "externalKafka.securityProtocol", "SSL", "externalKafka.saslJaasConfigSecret.name", "kafka-sasl")),
                        List.of("externalKafka.saslJaasConfigSecret.name is set", "externalKafka.securityProtocol=SSL")),
                Arguments.of("a SASL mechanism with SSL", Chart.merged(external, Chart.values(
                        "externalKafka.securityProtocol", "SSL", "externalKafka.saslMechanism", "PLAIN")),
                        List.of("externalKafka.saslMechanism is set", "externalKafka.securityProtocol=SSL")),
                Arguments.of("a CA Secret without TLS", Chart.merged(external, Chart.values(
                        "externalKafka.securityProtocol", "SASL_PLAINTEXT", "externalKafka.saslMechanism", "PLAIN",
                        "externalKafka.saslJaasConfigSecret.name", "kafka-sasl", "externalKafka.tlsCaSecret.name", "kafka-ca")),
                        List.of("externalKafka.tlsCaSecret.name is set", "externalKafka.securityProtocol=SASL_PLAINTEXT")),
                Arguments.of("the bundled Kafka with SASL_SSL", Chart.values(
                        "externalKafka.securityProtocol", "SASL_SSL", "externalKafka.saslMechanism", "PLAIN",
                        "externalKafka.saslJaasConfigSecret.name", "kafka-sasl"),
                        List.of("kafka.enabled=true", "externalKafka.securityProtocol must stay PLAINTEXT", "SASL_SSL")),
                Arguments.of("the bundled Kafka with SSL", Chart.values("externalKafka.securityProtocol", "SSL"),
                        List.of("kafka.enabled=true", "externalKafka.securityProtocol must stay PLAINTEXT")),
                Arguments.of("a JWT key two ways", Chart.values("security.jwt.issuer", ISSUER,
                        "security.jwt.publicKeyLocation", JWKS, "security.jwt.publicKeyPem", PEM),
                        List.of("security.jwt.publicKeyLocation and security.jwt.publicKeyPem are both set")),
                Arguments.of("a JWT key without issuer", Chart.values("security.jwt.publicKeyLocation", JWKS),
                        List.of("without security.jwt.issuer")),
                Arguments.of("a JWT issuer without key", Chart.values("security.jwt.issuer", ISSUER),
                        List.of("security.jwt.issuer is set without a key", "security.jwt.publicKeyLocation")),
                Arguments.of("a private key as the JWT key", Chart.values("security.jwt.issuer", ISSUER,
                        "security.jwt.publicKeyPem", PEM + "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"),
                        List.of("security.jwt.publicKeyPem holds a private key")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void valuesThatDoNotFitTogetherAreRefusedNamingThem(String scenario, Map<String, Object> values, List<String> message) {
        assertThatThrownBy(() -> Chart.render(values)).as(scenario)
                .satisfies(e -> assertThat(e.getMessage()).contains(message));
    }

    @Test
    void theSchemaRefusesUnknownProtocolsMechanismsAndKeyLocations() {
        Map<String, Object> external = Chart.external();
        assertThatThrownBy(() -> Chart.render(Chart.merged(external, Chart.values("externalKafka.securityProtocol", "TLS"))))
                .hasMessageContaining("externalKafka/securityProtocol");
        assertThatThrownBy(() -> Chart.render(Chart.merged(external, Chart.values(
                "externalKafka.securityProtocol", "SASL_SSL", "externalKafka.saslMechanism", "GSSAPI",
                "externalKafka.saslJaasConfigSecret.name", "kafka-sasl"))))
                .hasMessageContaining("externalKafka/saslMechanism");
        assertThatThrownBy(() -> Chart.render(Chart.values("security.jwt.issuer", ISSUER,
                "security.jwt.publicKeyLocation", "ftp://id.example/key.pem")))
                .hasMessageContaining("security/jwt/publicKeyLocation");
        assertThatThrownBy(() -> Chart.render(Chart.values("security.apiKeys.admin", "0123456789abcdef0123")))
                .hasMessageContaining("security")
                .hasMessageContaining("admin");
        // A file of one's own (extraVolumes) is a valid location.
        assertThat(Chart.render(Chart.values("security.jwt.issuer", ISSUER,
                "security.jwt.publicKeyLocation", "/etc/keys/issuer.pem")).config("training-pipeline"))
                .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/etc/keys/issuer.pem");
    }

    // ------------------------------------------------------------------------------------------------------------
    // NOTES
    // ------------------------------------------------------------------------------------------------------------

    @Test
    void notesTellHowToCallAProtectedOperation() {
        String withKeys = Chart.notes(Chart.values("security.apiKeys.existingSecret", API_KEYS, "inference.protectPredictions", true));
        String without = Chart.notes(Map.of());
        String saslSsl = Chart.notes(kafkaSaslSsl());

        assertThat(withKeys).contains("X-API-Key", "-X POST http://localhost:8082/training/pause",
                "get secret " + API_KEYS, "predictions are protected", "-H \"X-API-Key: <a reader key>\" http://localhost:8080/v2/models/")
                .doesNotContain("WARNING");
        assertThat(without).contains("WARNING: no API keys (security.apiKeys.existingSecret)", "answers 401",
                "predictions are open");
        assertThat(saslSsl).contains("(SASL_SSL, SCRAM-SHA-512, CA from Secret kafka-ca)");
    }

    /** The one volume of a pod that matches. */
    private static JsonNode volume(JsonNode pod, Predicate<JsonNode> matches) {
        List<JsonNode> found = new ArrayList<>();
        pod.path("volumes").forEach(v -> {
            if (matches.test(v)) {
                found.add(v);
            }
        });
        assertThat(found).as("matching volumes in %s", pod.path("volumes")).hasSize(1);
        return found.get(0);
    }

    /** The container's mount of a volume. */
    private static JsonNode mount(JsonNode pod, String volume) {
        for (JsonNode mount : pod.at("/containers/0/volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount;
            }
        }
        throw new AssertionError("no mount of volume " + volume + " in " + pod.at("/containers/0/volumeMounts"));
    }

    private static String checksum(Rendered rendered, String component) {
        return rendered.deployment(component).at("/spec/template/metadata/annotations").path("checksum/config").asText();
    }
}

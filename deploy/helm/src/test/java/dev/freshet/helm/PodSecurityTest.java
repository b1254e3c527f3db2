package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.helm.Chart.Rendered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the chart can render — the services, the bundled servers, the bucket Job and the test pod — meets the
 * restricted Pod Security Standard and writes only to volumes: /tmp at least. The services' containers have their
 * three probes on the Quarkus health endpoints.
 */
class PodSecurityTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("defaults", Map.of()),
                Arguments.of("everything enabled", Chart.everything()),
                Arguments.of("external servers", Chart.external()),
                Arguments.of("external servers, existing secrets", Chart.externalWithExistingSecrets()),
                Arguments.of("persistence off", Chart.values("kafka.persistence.enabled", false,
                        "minio.persistence.enabled", false, "postgresql.persistence.enabled", false)),
                Arguments.of("Kafka over SASL_SSL with its CA, JWT public key mounted", Chart.merged(
                        SecurityValuesTest.kafkaSaslSsl(), Chart.values(
                                "security.apiKeys.existingSecret", SecurityValuesTest.API_KEYS,
                                "security.jwt.issuer", SecurityValuesTest.ISSUER,
                                "security.jwt.publicKeyPem", SecurityValuesTest.PEM))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPodIsRestricted(String scenario, Map<String, Object> values) {
        Rendered rendered = Chart.renderWithHooks(values);
        Map<String, JsonNode> pods = rendered.podSpecs();

        assertThat(pods).containsKeys("Pod/freshet-test-readiness");
        assertThat(pods.keySet()).filteredOn(name -> name.startsWith("Deployment/")).hasSize(3);
        if (!values.containsKey("minio.enabled")) {
            assertThat(pods).containsKeys("Job/freshet-minio-bucket", "StatefulSet/freshet-minio");
        }
        pods.forEach((name, pod) -> {
            JsonNode security = pod.path("securityContext");
            assertThat(security.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", name).isTrue();
            assertThat(security.path("runAsUser").asInt(0)).as("%s runAsUser", name).isPositive();
            assertThat(security.path("fsGroup").asInt(0)).as("%s fsGroup", name).isPositive();
            assertThat(security.at("/seccompProfile/type").asText()).as("%s seccompProfile", name).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("%s token", name).isFalse();
            assertThat(pod.path("hostNetwork").asBoolean(false)).as("%s hostNetwork", name).isFalse();

            String tmpVolume = null;
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("emptyDir")) {
                    for (JsonNode container : containers(pod)) {
                        for (JsonNode mount : container.path("volumeMounts")) {
                            if (mount.path("name").asText().equals(volume.path("name").asText())
                                    && mount.path("mountPath").asText().equals("/tmp")) {
                                tmpVolume = volume.path("name").asText();
                            }
                        }
                    }
                }
            }
            assertThat(tmpVolume).as("%s has an emptyDir at /tmp", name).isNotNull();

            for (JsonNode container : containers(pod)) {
                String where = name + " container " + container.path("name").asText();
                JsonNode c = container.path("securityContext");
                assertThat(c.path("allowPrivilegeEscalation").asBoolean(true)).as("%s allowPrivilegeEscalation", where).isFalse();
                assertThat(c.path("readOnlyRootFilesystem").asBoolean(false)).as("%s readOnlyRootFilesystem", where).isTrue();
                assertThat(c.path("runAsNonRoot").asBoolean(false)).as("%s runAsNonRoot", where).isTrue();
                assertThat(c.path("privileged").asBoolean(false)).as("%s privileged", where).isFalse();
                assertThat(c.at("/capabilities/drop")).as("%s drops capabilities", where)
                        .extracting(JsonNode::asText).containsExactly("ALL");
                assertThat(c.at("/capabilities/add").isMissingNode()).as("%s adds no capability", where).isTrue();
                String tmp = tmpVolume;
                assertThat(container.path("volumeMounts")).as("%s mounts /tmp", where)
                        .anySatisfy(m -> {
                            assertThat(m.path("mountPath").asText()).isEqualTo("/tmp");
                            assertThat(m.path("name").asText()).isEqualTo(tmp);
                        });
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void servicesRunAsTheJibImageUserWithTheirHealthProbes(String scenario, Map<String, Object> values) {
        Rendered rendered = Chart.render(values);

        for (String component : Chart.SERVICES) {
            JsonNode pod = rendered.deployment(component).at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(185);
            assertThat(pod.at("/securityContext/fsGroup").asInt()).isEqualTo(185);
            assertThat(containers(pod)).hasSize(1);
            JsonNode container = pod.at("/containers/0");
            assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(container.path(probe).at("/httpGet/port").asText()).as("%s %s port", component, probe).isEqualTo("http");
            }
            assertThat(rendered.config(component).get("JAVA_OPTS")).contains("-Djava.io.tmpdir=/tmp");
        }
    }

    /** Values cannot weaken the restricted settings: they are applied over whatever is set. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void valuesAddToTheSecurityContextButCannotLoosenIt(String scenario, Map<String, Object> values) {
        Rendered rendered = Chart.render(Chart.merged(values, Chart.values(
                "podSecurityContext.runAsUser", 1001,
                "podSecurityContext.fsGroupChangePolicy", "OnRootMismatch",
                "containerSecurityContext.runAsUser", 1001)));

        JsonNode pod = rendered.deployment("inference-pipeline").at("/spec/template/spec");
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(1001);
        assertThat(pod.at("/securityContext/fsGroupChangePolicy").asText()).isEqualTo("OnRootMismatch");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/containers/0/securityContext/runAsUser").asInt()).isEqualTo(1001);
        assertThat(pod.at("/containers/0/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    }

    /** Each setting the restricted profile forbids, tried in values: the schema refuses it, naming the key. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("loosenings")
    void theSchemaRefusesEverySettingTheRestrictedProfileForbids(String key, Object value) {
        assertThatThrownBy(() -> Chart.render(Chart.values(key, value)))
                .hasMessageContaining("schema")
                .hasMessageContaining(key.substring(0, key.indexOf('.')));
    }

    static Stream<Arguments> loosenings() {
        return Stream.of(
                Arguments.of("containerSecurityContext.capabilities.add[0]", "NET_ADMIN"),
                Arguments.of("containerSecurityContext.privileged", true),
                Arguments.of("containerSecurityContext.allowPrivilegeEscalation", true),
                Arguments.of("containerSecurityContext.readOnlyRootFilesystem", false),
                Arguments.of("containerSecurityContext.runAsNonRoot", false),
                Arguments.of("containerSecurityContext.seccompProfile.type", "Unconfined"),
                Arguments.of("containerSecurityContext.procMount", "Unmasked"),
                Arguments.of("containerSecurityContext.seLinuxOptions.type", "spc_t"),
                Arguments.of("podSecurityContext.seccompProfile.type", "Unconfined"),
                Arguments.of("podSecurityContext.runAsNonRoot", false),
                Arguments.of("podSecurityContext.runAsUser", 0),
                Arguments.of("podSecurityContext.sysctls[0].name", "kernel.msgmax"),
                Arguments.of("podSecurityContext.windowsOptions.hostProcess", true));
    }

    @Test
    void aLocalhostSeccompProfileAndMoreCapabilitiesDroppedAreAllowed() {
        Rendered rendered = Chart.render(Chart.values(
                "containerSecurityContext.seccompProfile.type", "Localhost",
                "containerSecurityContext.seccompProfile.localhostProfile", "profiles/freshet.json",
                "containerSecurityContext.capabilities.drop[0]", "ALL",
                "containerSecurityContext.capabilities.drop[1]", "NET_RAW"));
        JsonNode container = rendered.deployment("training-pipeline").at("/spec/template/spec/containers/0/securityContext");
        assertThat(container.at("/seccompProfile/type").asText()).isEqualTo("Localhost");
        assertThat(container.at("/capabilities/add").isMissingNode()).isTrue();
        assertThat(container.at("/capabilities/drop").toString()).contains("ALL"); // which NET_RAW is part of
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        return containers;
    }
}

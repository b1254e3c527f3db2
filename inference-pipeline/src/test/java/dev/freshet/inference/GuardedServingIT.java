package dev.freshet.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import dev.freshet.testinfra.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Serving guarded by configuration and through a fault, on the real servers: with
 * {@code freshet.security.protect-predictions} every model endpoint needs the reader role (401 without a
 * credential; 403 for a credential without the role is tested on the trainer, {@code TrainingControlIT}) while
 * health, status and dashboard stay open; and
 * with the registry's S3 server down (issue 9, item 3, the serving side) the champion keeps answering every
 * request, the failed checks are reported, and the next champion is served once the server is back.
 */
@QuarkusTest
@TestProfile(GuardedServingIT.Profile.class)
@WithTestResource(FreshetInfraTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardedServingIT {

    static final String SET = "guarded";
    static final String MODEL = SET + "-linear";
    static final String READER_KEY = "reader-key-0123456789abcdef";
    static final String OPERATOR_KEY = "operator-key-0123456789abcdef";
    static final Map<String, Double> CLEAR_UP = Map.of("x1", 0.9, "x2", 0.8, "noise", 0.0);

    /** Predictions protected; keys for two roles; a one-second reload schedule; topics of this test. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = InferenceData.testProfile(SET, MODEL);
            config.put("freshet.inference.reload.interval", "1s");
            config.put("freshet.security.protect-predictions", "true");
            config.put("freshet.security.api-keys.reader", READER_KEY);
            config.put("freshet.security.api-keys.operator", OPERATOR_KEY);
            return config;
        }
    }

    @InjectFreshetInfra
    InfraEndpoints endpoints;

    @Inject
    ModelRegistry registry;

    private static String predictBody() {
        StringBuilder b = new StringBuilder("{\"features\":{");
        CLEAR_UP.forEach((k, v) -> b.append('"').append(k).append("\":").append(v).append(','));
        b.setLength(b.length() - 1);
        return b.append("}}").toString();
    }

    private static final String INFER_BODY = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP64\","
            + "\"data\":[0.9,0.8,0.0]}]}";

    private static Response predict(String key) {
        var request = given().contentType(ContentType.JSON).body(predictBody());
        return (key == null ? request : request.header("X-API-Key", key)).post("/predict");
    }

    @Test
    @Order(1)
    void predictionsNeedTheReaderRoleWhenProtectedAndTheRestStaysOpen() {
        InferenceData.publish(registry, MODEL, SET, InferenceData.trained("linear", 2000, false));
        registry.promote(MODEL, ModelRegistry.CHAMPION, 1, "test");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);

        // No credential or an unknown key: 401, on every model endpoint.
        predict(null).then().statusCode(401);
        predict("nobody-knows-this-key-0123").then().statusCode(401);
        given().contentType(ContentType.JSON).body(INFER_BODY).post("/v2/models/" + MODEL + "/infer").then().statusCode(401);
        given().contentType(ContentType.JSON).body(INFER_BODY).post("/v2/models/" + MODEL + "/versions/1/infer")
                .then().statusCode(401);
        given().get("/v2/models/" + MODEL).then().statusCode(401);
        // The reader role, or one above it.
        predict(READER_KEY).then().statusCode(200).body("version", equalTo(1)).body("label", equalTo("up"));
        predict(OPERATOR_KEY).then().statusCode(200);
        given().header("X-API-Key", READER_KEY).contentType(ContentType.JSON).body(INFER_BODY)
                .post("/v2/models/" + MODEL + "/infer").then().statusCode(200);
        // Open: health for the orchestrator, metrics, status and the dashboard.
        for (String path : List.of("/q/health/ready", "/v2/health/ready", "/v2/health/live", "/v2", "/q/metrics",
                "/inference/status", "/")) {
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    @Order(2)
    void theRegistryDownLeavesTheChampionServingAndTheNextOneIsServedWhenItIsBack() throws Exception {
        String failures = "freshet_inference_model_load_failures_total{model=\"" + MODEL + "\",reason=\"registry unavailable\"}";
        TestServers.stop(TestServers.S3);
        int answered = 0;
        try {
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until) {
                predict(READER_KEY).then().statusCode(200).body("version", equalTo(1));
                answered++;
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/inference/status").then()
                    .body("models.find { it.model == '" + MODEL + "' }.lastLoad.error", notNullValue()));
            assertThat(given().get("/q/metrics").asString()).contains(failures);
            given().get("/inference/status").then().body("models.find { it.model == '" + MODEL + "' }.servingVersion",
                    equalTo(1));
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            TestServers.startStopped();
        }
        assertThat(answered).as("requests answered while the registry was down").isGreaterThan(50);

        // Back: the next champion is published and served.
        InferenceData.publish(registry, MODEL, SET, InferenceData.trained("linear", 2000, true));
        registry.promote(MODEL, ModelRegistry.CHAMPION, 2, "test");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> predict(READER_KEY).then().statusCode(200)
                .body("version", equalTo(2)).body("label", equalTo("down")));
    }
}

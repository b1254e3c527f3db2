package dev.freshet.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.freshet.registry.ModelRegistry;
import dev.freshet.testinfra.FreshetInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before ready: once the model is loaded the service sends itself its warm-up requests, and reports
 * ready only when they are all answered; they count under {@code path="warm-up"}, never as REST predictions nor
 * in coverage.
 */
@QuarkusTest
@TestProfile(WarmUpIT.Profile.class)
@WithTestResource(FreshetInfraTestResource.class)
class WarmUpIT {

    static final String SET = "warm";
    static final String MODEL = SET + "-linear";
    static final int WARM_UP = 400;

    /** A warm-up of 400 requests; a one-second reload schedule; topics of this test. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = InferenceData.testProfile(SET, MODEL);
            config.put("freshet.inference.warm-up.requests", Integer.toString(WARM_UP));
            config.put("freshet.inference.reload.interval", "1s");
            return config;
        }
    }

    @Inject
    ModelRegistry registry;

    @Test
    void readyOnlyOnceTheWarmUpIsAnsweredAndItIsCountedApart() {
        given().get("/q/health/ready").then().statusCode(503);
        InferenceData.publish(registry, MODEL, SET, InferenceData.trained("linear", 2000, false));
        registry.promote(MODEL, ModelRegistry.CHAMPION, 1, "test");

        // The first ready answer already says the whole warm-up was answered: readiness waited for it.
        Response ready = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> given().get("/q/health/ready"), r -> r.statusCode() == 200);
        assertThat(ready.jsonPath().getString("checks.find { it.name == 'models loaded' }.data.'warm-up'"))
                .isEqualTo("done: " + WARM_UP + " answered, 0 failed");
        JsonPath status = given().get("/inference/status").jsonPath();
        assertThat(status.getBoolean("ready")).isTrue();
        assertThat(status.getInt("warmUp.answered")).isEqualTo(WARM_UP);
        assertThat(status.getBoolean("warmUp.timedOut")).isFalse();
        given().get("/v2/health/ready").then().statusCode(200);

        assertThat(predictions("warm-up")).isEqualTo(WARM_UP);
        assertThat(predictions("rest")).isZero();
        // Nor do its requests show in the HTTP server's timers, which are users' latency.
        assertThat(httpRequests("/predict")).isZero();
        assertThat(httpRequests("/infer")).isZero();
        JsonPath answer = given().contentType(ContentType.JSON)
                .body("{\"features\":{\"x1\":0.9,\"x2\":0.8,\"noise\":0.0}}").post("/predict").then().statusCode(200)
                .extract().jsonPath();
        assertThat(predictions("rest")).isEqualTo(1);
        assertThat(predictions("warm-up")).isEqualTo(WARM_UP);
        assertThat(httpRequests("/predict")).isEqualTo(1);
        // A client sending the warm-up header is still a client: only the service's own token counts apart.
        given().contentType(ContentType.JSON).header(dev.freshet.inference.serve.WarmUp.HEADER, "1")
                .body("{\"features\":{\"x1\":0.9,\"x2\":0.8,\"noise\":0.0}}").post("/predict").then().statusCode(200);
        assertThat(predictions("rest")).isEqualTo(2);
        assertThat(predictions("warm-up")).isEqualTo(WARM_UP);
        // Coverage is of users' answers only: these two alone (the same features, so the same answer).
        assertThat(given().get("/inference/status").jsonPath().getDouble("models[0].coverage"))
                .isEqualTo(answer.getBoolean("abstained") ? 0.0 : 1.0);
    }

    /** Requests the HTTP server timed on a path ending with {@code uriEnd}, from the service's metrics. */
    private static long httpRequests(String uriEnd) {
        Matcher m = Pattern.compile("http_server_requests_seconds_count\\{([^}]*)\\} ([0-9.E]+)")
                .matcher(given().get("/q/metrics").asString());
        double sum = 0;
        while (m.find()) {
            Matcher uri = Pattern.compile("uri=\"([^\"]*)\"").matcher(m.group(1));
            if (uri.find() && uri.group(1).endsWith(uriEnd)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(sum);
    }

    /** The model's answers on one path, abstained or not, from the service's metrics. */
    private static long predictions(String path) {
        Matcher m = Pattern.compile("freshet_inference_predictions_total\\{([^}]*)\\} ([0-9.E]+)")
                .matcher(given().get("/q/metrics").asString());
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("path=\"" + path + "\"") && m.group(1).contains("model=\"" + MODEL + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(sum);
    }
}

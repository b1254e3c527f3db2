package dev.freshet.system;

import static dev.freshet.system.SystemParts.jar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.contract.Messages;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The breast-cancer seed end to end, in the order a user may type it: the csv source sends its training split to
 * {@code freshet.examples} and its held-out split, labelled, to {@code freshet.test-examples}; the trainer learns
 * the first only; inference, started last, still reads the whole test split and scores the version it serves on it.
 */
class HeldOutProcessIT {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final String SET = "breast-cancer";
    private static final String MODEL = SET + "-linear";
    /** The bundled file: 683 complete rows, 60 % to learn and 40 % held out. */
    private static final int TRAINING_ROWS = 410;
    private static final int TEST_ROWS = 273;
    private static final HttpClient HTTP = HttpClient.newHttpClient();


    @Test
    void theHeldOutSplitIsScoredPerVersionAndNeverLearned() throws Exception {
        InfraEndpoints endpoints = SharedInfra.endpoints();
        FeatureStore store = SystemParts.store(endpoints);
        ModelRegistry registry = SystemParts.registry(endpoints);

        Map<String, String> pipelineEnv = Map.of("FRESHET_PIPELINE_SOURCE_ENABLED", "true",
                "FRESHET_PIPELINE_SOURCE_KIND", "csv", "FRESHET_PIPELINE_SOURCE_RATE", "0");
        Map<String, String> trainerEnv = Map.of("FRESHET_TRAINING_FEATURE_SET", SET, "FRESHET_TRAINING_TRAIN", "linear",
                "FRESHET_TRAINING_PUBLISH_INTERVAL", "1s");
        // The newest version, whatever the gate made champion: the one that has learned the whole training split.
        Map<String, String> inferenceEnv = Map.of("FRESHET_INFERENCE_MODELS", MODEL, "FRESHET_INFERENCE_ALIAS", "latest",
                "FRESHET_INFERENCE_HELD_OUT_INTERVAL", "500ms", "FRESHET_INFERENCE_WARM_UP_REQUESTS", "0");

        try (ServiceProcess pipeline = ServiceProcess.start("held-out-pipeline", jar("pipeline"), pipelineEnv, READY)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.log().contains("Source csv finished")
                    && store.count(SET) == TRAINING_ROWS);
            assertThat(pipeline.log()).contains(TRAINING_ROWS + " labelled examples, " + TEST_ROWS + " held-out examples sent");
            try (ServiceProcess trainer = ServiceProcess.start("held-out-trainer", jar("training"), trainerEnv, READY)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> latest(registry).map(Manifest::examplesSeen)
                        .orElse(0L) == TRAINING_ROWS);
                try (ServiceProcess inference = ServiceProcess.start("held-out-inference", jar("inference"), inferenceEnv,
                        READY)) {
                    URI status = URI.create("http://127.0.0.1:" + inference.port() + "/inference/status");
                    await().atMost(Duration.ofSeconds(60)).until(() -> heldOut(status, servedVersion(status))
                            .map(h -> h.path("scored").asInt() == TEST_ROWS).orElse(false));
                    long served = servedVersion(status);
                    Manifest manifest = registry.manifest(MODEL, served).orElseThrow();
                    JsonNode figures = heldOut(status, served).orElseThrow();
                    assertThat(manifest.examplesSeen()).as("the served version learned the training split only")
                            .isEqualTo(TRAINING_ROWS);
                    System.out.printf("Held-out accuracy of %s version %d: %.4f over %d examples%n", MODEL, served,
                            figures.path("accuracy").asDouble(), figures.path("scored").asInt());
                    assertThat(figures.path("invalid").asInt()).isZero();
                    assertThat(figures.path("accuracy").asDouble()).as("held-out accuracy of version " + served)
                            .isGreaterThanOrEqualTo(0.95);
                    assertThat(metrics(inference)).contains("freshet_inference_held_out_accuracy{model=\"" + MODEL + "\"");
                }
                // Nothing learned or stored the held-out rows, however long the trainer ran.
                assertThat(latest(registry).orElseThrow().examplesSeen()).isEqualTo(TRAINING_ROWS);
                assertThat(store.count(SET)).isEqualTo(TRAINING_ROWS);
            }
        }
    }

    private static Optional<Manifest> latest(ModelRegistry registry) {
        return registry.latestVersion(MODEL).flatMap(v -> registry.manifest(MODEL, v));
    }

    private static JsonNode model(URI status) throws Exception {
        JsonNode models = Messages.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(status).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("models");
        for (JsonNode model : models) {
            if (MODEL.equals(model.path("model").asText())) {
                return model;
            }
        }
        throw new AssertionError("no " + MODEL + " in " + models);
    }

    private static long servedVersion(URI status) throws Exception {
        return model(status).path("servingVersion").asLong();
    }

    private static Optional<JsonNode> heldOut(URI status, long version) throws Exception {
        for (JsonNode figures : model(status).path("heldOut")) {
            if (figures.path("version").asLong() == version) {
                return Optional.of(figures);
            }
        }
        return Optional.empty();
    }

    private static String metrics(ServiceProcess service) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

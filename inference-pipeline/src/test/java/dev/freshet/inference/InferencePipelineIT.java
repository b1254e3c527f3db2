package dev.freshet.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.contract.DeadLetters;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.Messages;
import dev.freshet.contract.PredictionMessage;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.registry.quarkus.RegistryConfig;
import dev.freshet.registry.quarkus.RegistryHttpClient;
import dev.freshet.registry.store.MinioObjectStore;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import dev.freshet.testinfra.TopicRecords;
import dev.freshet.testinfra.fuzz.FuzzKind;
import dev.freshet.testinfra.fuzz.FuzzedRecord;
import dev.freshet.testinfra.fuzz.KafkaFuzzRun;
import dev.freshet.testinfra.fuzz.RecordFuzzer;
import dev.freshet.testinfra.fuzz.RestFuzzRun;
import io.quarkiverse.minio.client.OptionalHttpClientProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tribuo.classification.Label;

/**
 * The inference service on the real servers: readiness before and after a model exists, reloads driven by
 * registry events (the scheduled check is an hour away here), the champion preferred over the newest version,
 * the Open Inference Protocol and {@code /predict} answering as the model does offline, bad input and fuzzed
 * bodies answered with JSON errors and never a 5xx, a corrupt version refused while the champion keeps serving,
 * swaps under load, and the Kafka path with dead letters and live accuracy.
 */
@QuarkusTest
@TestProfile(InferencePipelineIT.Profile.class)
@WithTestResource(FreshetInfraTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InferencePipelineIT {

    static final String SET = "infer";
    static final String LINEAR = "infer-linear";
    static final String MLP = "infer-mlp";
    static final String EVENTS = "infer.model-events";
    static final String FEATURES = "infer.features";
    static final String PREDICTIONS = "infer.predictions";
    static final String EXAMPLES = "infer.examples";
    static final String DLQ = "infer.dlq";

    /** Two models; reloads come from events only; topics of this test; small request limits. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("freshet.inference.models", LINEAR + "," + MLP);
            config.put("freshet.inference.reload.interval", "1h");
            config.put("freshet.inference.max-instances", "50");
            config.put("freshet.inference.dashboard.sample-interval", "200ms");
            config.put("mp.messaging.incoming.model-events.topic", EVENTS);
            config.put("mp.messaging.incoming.model-events.auto.offset.reset", "earliest");
            config.put("mp.messaging.incoming.features.topic", FEATURES);
            config.put("mp.messaging.incoming.features.auto.offset.reset", "earliest");
            config.put("mp.messaging.incoming.labels.topic", EXAMPLES);
            config.put("mp.messaging.incoming.labels.auto.offset.reset", "earliest");
            config.put("mp.messaging.outgoing.predictions.topic", PREDICTIONS);
            config.put("mp.messaging.outgoing.inference-dlq.topic", DLQ);
            return config;
        }
    }

    @InjectFreshetInfra
    InfraEndpoints endpoints;

    @Inject
    ModelRegistry registry;

    @Inject
    RegistryConfig registryConfig;

    @Inject
    OptionalHttpClientProducer httpClients;

    @Inject
    dev.freshet.inference.serve.ModelServer server;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    /** A clear "up" for the true concept: v1 says up, the flipped v2 says down. */
    static final Map<String, Double> CLEAR_UP = Map.of("x1", 0.9, "x2", 0.8, "noise", 0.0);

    @Test
    @Order(1)
    void notReadyUntilAVersionExistsThenServesTheChampionAndReloadsOnEvents() throws Exception {
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/v2/health/ready").then().statusCode(400).body("ready", equalTo(false));
        given().get("/v2/models/" + LINEAR + "/ready").then().statusCode(400).body("ready", equalTo(false));
        given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).post("/predict")
                .then().statusCode(503).body("error", containsString("no version loaded yet"));

        announce(ModelEvent.published(InferenceData.publish(registry, LINEAR, SET, InferenceData.trained("linear", 2000, false))));
        given().get("/q/health/ready").then().statusCode(503); // the mlp has no version yet
        announce(ModelEvent.published(InferenceData.publish(registry, MLP, SET, InferenceData.trained("mlp", 2000, false))));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/" + LINEAR + "/ready").then().statusCode(200).body("version", equalTo("1"));

        // No champion yet: the newest version serves.
        announce(ModelEvent.published(InferenceData.publish(registry, LINEAR, SET, InferenceData.trained("linear", 2000, true))));
        awaitServing(LINEAR, 2);
        // A champion is preferred over the newest version.
        announce(ModelEvent.aliasMoved(LINEAR, registry.promote(LINEAR, ModelRegistry.CHAMPION, 1, "test"), null));
        awaitServing(LINEAR, 1);
        given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).post("/predict")
                .then().statusCode(200).body("model", equalTo(LINEAR)).body("version", equalTo(1)).body("label", equalTo("up"));
    }

    @Test
    @Order(2)
    void answersOverTheOpenInferenceProtocolExactlyAsTheModelDoesOffline() {
        given().get("/v2").then().statusCode(200).body("name", equalTo("freshet-inference"));
        given().get("/v2/health/live").then().statusCode(200);
        given().get("/v2/models/" + LINEAR).then().statusCode(200)
                .body("name", equalTo(LINEAR)).body("versions[0]", equalTo("1")).body("platform", equalTo("freshet_tribuo"))
                .body("inputs.name", hasItems("x1", "x2", "noise"))
                .body("outputs.name", hasItems("label", "probabilities", "abstained"));
        given().get("/v2/models/" + LINEAR + "/versions/2").then().statusCode(200).body("versions[0]", equalTo("2"));

        OnlineNetworkModel offline = (OnlineNetworkModel) registry.load(LINEAR, 1, Label.class).model();
        List<Map<String, Double>> rows = List.of(InferenceData.features(1), InferenceData.features(2), CLEAR_UP);
        Map<String, Object> byFeature = new LinkedHashMap<>();
        byFeature.put("id", "req-1");
        byFeature.put("inputs", InferenceData.FEATURES.stream().map(f -> Map.of("name", f, "shape", List.of(rows.size()),
                "datatype", "FP64", "data", rows.stream().map(r -> r.get(f)).toList())).toList());
        JsonNode answer = infer("/v2/models/" + LINEAR + "/infer", byFeature);
        assertThat(answer.get("model_name").asText()).isEqualTo(LINEAR);
        assertThat(answer.get("model_version").asText()).isEqualTo("1");
        assertThat(answer.get("id").asText()).isEqualTo("req-1");
        JsonNode labels = output(answer, "label");
        JsonNode probabilities = output(answer, "probabilities");
        assertThat(probabilities.get("shape").toString()).isEqualTo("[3,2]");
        List<String> order = new ArrayList<>();
        probabilities.get("parameters").get("labels").forEach(l -> order.add(l.asText()));
        for (int r = 0; r < rows.size(); r++) {
            ClassPrediction expected = offline.predict(FeatureVector.of(rows.get(r)));
            assertThat(labels.get("data").get(r).asText()).isEqualTo(expected.label());
            for (int c = 0; c < order.size(); c++) {
                assertThat(probabilities.get("data").get(r * order.size() + c).asDouble())
                        .as("row %d, class %s", r, order.get(c)).isEqualTo(expected.probability(order.get(c)));
            }
            assertThat(output(answer, "abstained").get("data").get(r).asBoolean())
                    .isEqualTo(expected.topProbability() < 0.8);
        }

        // One [n, d] tensor in feature order, nested or flat, answers the same.
        List<List<Double>> matrix = rows.stream().map(r -> InferenceData.FEATURES.stream().map(r::get).toList()).toList();
        JsonNode nested = infer("/v2/models/" + LINEAR + "/infer", Map.of("inputs", List.of(Map.of("name", "input",
                "shape", List.of(3, 3), "datatype", "FP32", "data", matrix))));
        JsonNode flat = infer("/v2/models/" + LINEAR + "/infer", Map.of("inputs", List.of(Map.of("name", "input",
                "shape", List.of(3, 3), "datatype", "FP64", "data", matrix.stream().flatMap(List::stream).toList()))));
        assertThat(output(nested, "probabilities").get("data")).isEqualTo(probabilities.get("data"));
        assertThat(output(flat, "probabilities").get("data")).isEqualTo(probabilities.get("data"));

        // Only the outputs asked for; a given version on request.
        JsonNode onlyLabel = infer("/v2/models/" + LINEAR + "/versions/2/infer", Map.of("inputs", List.of(Map.of(
                "name", "input", "shape", List.of(1, 3), "datatype", "FP64", "data", List.of(0.9, 0.8, 0.0))),
                "outputs", List.of(Map.of("name", "label"))));
        assertThat(onlyLabel.get("model_version").asText()).isEqualTo("2");
        assertThat(onlyLabel.get("outputs")).hasSize(1);
        assertThat(output(onlyLabel, "label").get("data").get(0).asText()).as("version 2 learned the opposite").isEqualTo("down");

        // /predict: one instance, several, another model; abstention below 0.8.
        given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).post("/predict").then().statusCode(200)
                .body("label", equalTo("up")).body("abstained", equalTo(false)).body("probabilities.up", notNullValue())
                .body("predictionId", notNullValue());
        Map<String, Double> undecided = Map.of("x1", 0.01, "x2", -0.01, "noise", 0.0);
        given().contentType(ContentType.JSON).body(predictBody(undecided)).post("/predict").then().statusCode(200)
                .body("abstained", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(Map.of("features", CLEAR_UP),
                Map.of("features", undecided)))).post("/predict").then().statusCode(200)
                .body("predictions.abstained", equalTo(List.of(false, true)));
        given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).queryParam("model", MLP).post("/predict")
                .then().statusCode(200).body("model", equalTo(MLP)).body("label", equalTo("up"));
    }

    @Test
    @Order(3)
    void badInputGetsAClearJsonErrorAndNeverA5xx() {
        String infer = "/v2/models/" + LINEAR + "/infer";
        Map<String, Object> x1 = Map.of("name", "x1", "shape", List.of(1), "datatype", "FP64", "data", List.of(0.5));
        Map<String, Object> x2 = Map.of("name", "x2", "shape", List.of(1), "datatype", "FP64", "data", List.of(0.5));
        Map<String, Object> noise = Map.of("name", "noise", "shape", List.of(1), "datatype", "FP64", "data", List.of(0.5));
        Map<String, Object> extra = Map.of("name", "colour", "shape", List.of(1), "datatype", "FP64", "data", List.of(1));
        // Missing, unknown, non-finite, wrong types, not JSON: 400 with a reason naming the problem.
        expectError("/predict", "{\"features\": {\"x1\": 1, \"x2\": 2}}", 400, "feature 'noise' is missing");
        expectError("/predict", "{\"features\": {\"x1\": 1, \"x2\": 2, \"noise\": 0, \"colour\": 3}}", 400, "unknown feature 'colour'");
        expectError("/predict", "{\"features\": {\"x1\": NaN, \"x2\": 2, \"noise\": 0}}", 400, "feature 'x1' is NaN");
        expectError("/predict", "{\"features\": {\"x1\": Infinity, \"x2\": 2, \"noise\": 0}}", 400, "feature 'x1' is Infinity");
        expectError("/predict", "{\"features\": {\"x1\": 1e400, \"x2\": 2, \"noise\": 0}}", 400, "feature 'x1' is Infinity");
        expectError("/predict", "{\"features\": {\"x1\": \"high\", \"x2\": 2, \"noise\": 0}}", 400,
                "feature 'x1' is the string \"high\", not a number");
        expectError("/predict", "{\"features\": [1, 2, 3]}", 400, "'features' is an array");
        expectError("/predict", "{\"features\": {\"x1\": 1, ", 400, "the body is not valid JSON");
        expectError("/predict", "features=1", 400, "the body is not valid JSON");
        expectError("/predict", "", 400, "the body is empty");
        expectError("/predict", "[1, 2]", 400, "send a JSON object");
        expectError("/predict", "{\"instances\": " + instances(51) + "}", 400, "over the limit of 50");
        expectError(infer, json(Map.of("inputs", List.of(x1, x2))), 400, "feature 'noise' is missing");
        expectError(infer, json(Map.of("inputs", List.of(x1, x2, noise, extra))), 400, "unknown inputs [colour]");
        expectError(infer, "{\"inputs\": [{\"name\": \"x1\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [NaN]}, "
                + json(x2) + ", " + json(noise) + "]}", 400, "feature 'x1', instance 0 is NaN");
        expectError(infer, json(Map.of("inputs", List.of(Map.of("name", "x1", "shape", List.of(1), "datatype", "BYTES",
                "data", List.of("a")), x2, noise))), 400, "datatype 'BYTES'");
        expectError(infer, json(Map.of("inputs", List.of(Map.of("name", "x1", "shape", List.of(1), "datatype", "FP64",
                "data", List.of("a")), x2, noise))), 400, "is the string \"a\", not a number");
        expectError(infer, json(Map.of("inputs", List.of(Map.of("name", "input", "shape", List.of(1, 4), "datatype", "FP64",
                "data", List.of(1, 2, 3, 4))))), 400, "rows must have 3 values");
        expectError(infer, json(Map.of("inputs", List.of(Map.of("name", "input", "shape", List.of(2, 3), "datatype", "FP64",
                "data", List.of(1, 2, 3))))), 400, "has 3 values but its shape [2,3] says 6");
        expectError(infer, json(Map.of("inputs", List.of(Map.of("name", "input", "shape", List.of(60, 3), "datatype",
                "FP64", "data", List.of())))), 400, "over the limit of 50 instances");
        expectError(infer, json(Map.of("inputs", List.of(Map.of("name", "input", "shape", List.of(1_000_000_000_000L, 3),
                "datatype", "FP64", "data", List.of())))), 400, "over the limit of 50 instances");
        expectError(infer, "{\"inputs\": []}", 400, "'inputs' must be a non-empty array");
        expectError(infer, json(Map.of("inputs", List.of(x1, x2, noise), "outputs", List.of(Map.of("name", "colour")))),
                400, "is not one of [label, probabilities, abstained]");
        // An output named many times would repeat its tensor: 62 KB asked for 65 MB of answer.
        List<Map<String, String>> repeated = java.util.Collections.nCopies(2_000, Map.of("name", "probabilities"));
        expectError(infer, json(Map.of("inputs", List.of(x1, x2, noise), "outputs", repeated)), 400,
                "output 'probabilities' is requested twice");
        String longName = json(Map.of("inputs", List.of(x1, x2, noise), "outputs", List.of(Map.of("name", "x".repeat(20_000)))));
        expectError(infer, longName, 400, "is not one of");
        assertThat(given().contentType(ContentType.JSON).body(longName).post(infer).asString().length())
                .as("the error does not echo the request").isLessThan(1_000);
        // Unknown model or version: 404.
        expectError("/v2/models/nope/infer", json(Map.of("inputs", List.of(x1, x2, noise))), 404, "model 'nope' is not served here");
        expectError("/v2/models/" + LINEAR + "/versions/99/infer", json(Map.of("inputs", List.of(x1, x2, noise))), 404,
                "has no version 99");
        expectError("/v2/models/" + LINEAR + "/versions/abc/infer", json(Map.of("inputs", List.of(x1, x2, noise))), 404,
                "versions are numbers");
        expectError("/predict?model=nope", predictBody(CLEAR_UP), 404, "model 'nope' is not served here");
        given().get("/v2/models/nope").then().statusCode(404).body("error", containsString("not served"));
        given().get("/v2/models/" + LINEAR + "/versions/99").then().statusCode(404).body("error", containsString("no version 99"));
        // Over the body limit: 413.
        String huge = "{\"features\": {\"x1\": 1, \"x2\": 2, \"noise\": 0, \"pad\": \"" + "a".repeat(70_000) + "\"}}";
        expectError("/predict", huge, 413, "over the limit of 65536");
        expectError(infer, huge, 413, "over the limit of 65536");
        // Nothing served was disturbed.
        given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).post("/predict").then().statusCode(200)
                .body("version", equalTo(1));
    }

    @Test
    @Order(5)
    void aCorruptVersionIsRefusedAndTheChampionKeepsServing() throws Exception {
        Manifest third = InferenceData.publish(registry, LINEAR, SET, InferenceData.trained("linear", 500, true));
        MinioObjectStore store = MinioObjectStore.connect(endpoints.s3Endpoint().toString(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), endpoints.s3Region(), registryConfig.bucket());
        byte[] artifact = store.get(third.artifact().key(), Long.MAX_VALUE).orElseThrow().bytes();
        store.put(third.artifact().key(), Arrays.copyOf(artifact, artifact.length / 2), "application/octet-stream");
        announce(ModelEvent.aliasMoved(LINEAR, registry.promote(LINEAR, ModelRegistry.CHAMPION, third.version(), "test"), 1L));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/inference/status").then()
                .body("models.find { it.model == '" + LINEAR + "' }.lastLoad.error", containsString("bytes but its manifest says")));
        given().get("/inference/status").then().body("models.find { it.model == '" + LINEAR + "' }.servingVersion", equalTo(1));
        given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).post("/predict").then().statusCode(200)
                .body("version", equalTo(1)).body("label", equalTo("up"));
        assertThat(given().get("/q/metrics").asString())
                .contains("freshet_inference_model_load_failures_total{model=\"" + LINEAR + "\",reason=\"SIZE_MISMATCH\"} 1.0");
        // Checked again, the refused artifact is not fetched again: one report, one count.
        String reported = given().get("/inference/status").jsonPath()
                .getString("models.find { it.model == '" + LINEAR + "' }.lastLoad.at");
        assertThat(server.refresh(LINEAR)).isFalse();
        given().get("/inference/status").then()
                .body("models.find { it.model == '" + LINEAR + "' }.lastLoad.at", equalTo(reported));
        assertThat(given().get("/q/metrics").asString())
                .contains("freshet_inference_model_load_failures_total{model=\"" + LINEAR + "\",reason=\"SIZE_MISMATCH\"} 1.0");
        // Asked for by number, it is refused with the reason, not served.
        expectError("/v2/models/" + LINEAR + "/versions/" + third.version() + "/infer", json(Map.of("inputs", List.of(Map.of(
                "name", "input", "shape", List.of(1, 3), "datatype", "FP64", "data", List.of(0.9, 0.8, 0.0))))), 503,
                "cannot be served");
        announce(ModelEvent.aliasMoved(LINEAR, registry.promote(LINEAR, ModelRegistry.CHAMPION, 1, "back"), third.version()));
    }

    @Test
    @Order(6)
    void requestsInFlightFinishOnTheVersionTheyStartedWithWhileVersionsSwap() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            results.add(clients.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    Response r = given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).post("/predict");
                    assertThat(r.statusCode()).isEqualTo(200);
                    seen.add(r.jsonPath().getInt("version") + ":" + r.jsonPath().getString("label"));
                    n++;
                }
                return n;
            }));
        }
        try {
            for (int swap = 0; swap < 6; swap++) {
                long to = swap % 2 == 0 ? 2 : 1;
                announce(ModelEvent.aliasMoved(LINEAR, registry.promote(LINEAR, ModelRegistry.CHAMPION, to, "swap"), null));
                awaitServing(LINEAR, to);
            }
        } finally {
            stop.set(true);
            clients.shutdown();
        }
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get();
        }
        assertThat(total).isPositive();
        // Version 1 says up and version 2 says down for this input: no answer mixes the two.
        assertThat(seen).isSubsetOf(Set.of("1:up", "2:down")).contains("1:up", "2:down");
        announce(ModelEvent.aliasMoved(LINEAR, registry.promote(LINEAR, ModelRegistry.CHAMPION, 1, "back"), null));
        awaitServing(LINEAR, 1);
    }

    @Test
    @Order(7)
    void kafkaFeaturesAreAnsweredDeadLetteredAndJoinedWithTheirLabels() throws Exception {
        InferenceData.createTopics(endpoints.kafkaBootstrapServers(), 3, FEATURES, EXAMPLES);
        int count = 300;
        try (KafkaProducer<String, byte[]> producer = InferenceData.producer(endpoints.kafkaBootstrapServers())) {
            for (int i = 0; i < count; i++) {
                FeatureVectorMessage f = InferenceData.featureMessage(SET, i);
                producer.send(new ProducerRecord<>(FEATURES, f.entityId(), Messages.toJson(f)));
            }
            FeatureVectorMessage valid = InferenceData.featureMessage(SET, 9000);
            producer.send(new ProducerRecord<>(FEATURES, "p1", "not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(FEATURES, "p2", Messages.toJson(new FeatureVectorMessage("p2", "elsewhere", 1,
                    "p2", valid.eventTime(), valid.features()))));
            Map<String, Double> missing = new HashMap<>(valid.features());
            missing.remove("noise");
            producer.send(new ProducerRecord<>(FEATURES, "p3", Messages.toJson(new FeatureVectorMessage("p3", SET, 1, "p3",
                    valid.eventTime(), missing))));
            producer.send(new ProducerRecord<>(FEATURES, "p4", ("{\"eventId\":\"p4\",\"featureSet\":\"infer\",\"schemaVersion\":1,"
                    + "\"entityId\":\"p4\",\"eventTime\":\"2026-11-21T00:00:00Z\",\"features\":{\"x1\":1e999,\"x2\":0,\"noise\":0}}")
                    .getBytes(StandardCharsets.UTF_8))).get();
            // Out of the message limits: an id that would sit in the pending answers, a time far beyond now.
            producer.send(new ProducerRecord<>(FEATURES, "p5", Messages.toJson(new FeatureVectorMessage("p".repeat(60_000),
                    SET, 1, "p5", valid.eventTime(), valid.features())))).get();
            producer.send(new ProducerRecord<>(FEATURES, "p6", Messages.toJson(new FeatureVectorMessage("p6", SET, 1, "p6",
                    java.time.Instant.parse("9999-01-01T00:00:00Z"), valid.features())))).get();
        }
        List<ConsumerRecord<byte[], byte[]>> answers = TopicRecords.read(endpoints.kafkaBootstrapServers(), PREDICTIONS,
                2 * count, Duration.ofSeconds(60));
        assertThat(answers).hasSize(2 * count);
        Map<String, Integer> perModel = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : answers) {
            PredictionMessage p = Messages.fromJson(r.value(), PredictionMessage.class);
            perModel.merge(p.model() + " v" + p.modelVersion(), 1, Integer::sum);
            assertThat(p.eventId()).startsWith(SET + "-event-");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(p.entityId());
            assertThat(p.probabilities().keySet()).containsExactlyInAnyOrder("up", "down");
            assertThat(p.abstained()).isEqualTo(Math.max(p.probabilities().get("up"), p.probabilities().get("down")) < 0.8);
        }
        assertThat(perModel).containsOnly(Map.entry(LINEAR + " v1", count), Map.entry(MLP + " v1", count));

        List<ConsumerRecord<byte[], byte[]>> dead = TopicRecords.read(endpoints.kafkaBootstrapServers(), DLQ, 6, Duration.ofSeconds(30));
        List<String> reasons = dead.stream().map(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(),
                StandardCharsets.UTF_8)).toList();
        assertThat(reasons).hasSize(6);
        assertThat(String.join("\n", reasons)).contains("not a feature vector").contains("feature set 'elsewhere'")
                .contains("feature 'noise' is missing").containsAnyOf("Infinity", "not a finite number")
                .contains("eventId is 60000 characters long, more than 256")
                .contains("eventTime 9999-01-01T00:00:00Z is more than 3653 days after now");
        assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader(DeadLetters.OFFSET)).isNotNull());

        try (KafkaProducer<String, byte[]> producer = InferenceData.producer(endpoints.kafkaBootstrapServers())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(EXAMPLES, "e", Messages.toJson(InferenceData.example(SET, i))));
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/inference/status").then()
                .body("models.find { it.model == '" + LINEAR + "' }.liveAccuracy.find { it.version == 1 }.labelled", equalTo(count))
                .body("models.find { it.model == '" + MLP + "' }.liveAccuracy.find { it.version == 1 }.labelled", equalTo(count)));
        double accuracy = given().get("/inference/status").jsonPath()
                .getDouble("models.find { it.model == '" + LINEAR + "' }.liveAccuracy.find { it.version == 1 }.accuracy");
        assertThat(accuracy).as("x1 + x2 > 0 is learnable").isGreaterThan(0.9);
        // The model's own window, whatever version answered: the same answers here, and its confusion matrix.
        var live = given().get("/inference/status").jsonPath();
        String linear = "models.find { it.model == '" + LINEAR + "' }.live";
        assertThat(live.getDouble(linear + ".accuracy")).isEqualTo(accuracy);
        List<List<Integer>> confusion = live.getList(linear + ".confusion");
        assertThat(confusion.stream().flatMap(List::stream).mapToInt(Integer::intValue).sum()).isEqualTo(count);
        List<String> labels = live.getList(linear + ".labels");
        long right = 0;
        for (int a = 0; a < labels.size(); a++) {
            right += confusion.get(a).get(a);
        }
        assertThat(right).as("the diagonal holds the right answers").isPositive();
        assertThat(given().get("/q/metrics").asString())
                .contains("freshet_inference_live_model_accuracy{model=\"" + LINEAR + "\"}")
                .contains("freshet_inference_live_accuracy{model=\"" + LINEAR + "\",version=\"1\"}")
                .contains("freshet_inference_dead_letters_total 6.0");
    }

    @Test
    @Order(8)
    void documentsItsApiAndReportsTheRegistry() {
        // The registry answers, reported beside readiness; its client is the extension's over the registry's own.
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'model registry' }.data.bucket", equalTo(registryConfig.bucket()));
        assertThat(httpClients).isInstanceOf(RegistryHttpClient.class);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v2/models/{name}/infer")).body(containsString("/predict"))
                .body(containsString("/v2/models/{name}/versions/{version}/infer"));
    }

    @Test
    @Order(9)
    void theDashboardDrawsItsChartsWithDataInARealBrowser() throws Exception {
        given().get("/").then().statusCode(200).body(containsString("<canvas id=\"accuracy\""));
        given().get("/webjars/chart.js/4.4.1/dist/chart.umd.js").then().statusCode(200);
        given().get("/dashboard/data").then().statusCode(200).body("models", equalTo(List.of(LINEAR, MLP)))
                .body("events.type", hasItems("VERSION_PUBLISHED", "ALIAS_MOVED"));
        var chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            System.err.println("SKIPPED: no Chromium on the PATH (chromium, chromium-browser, google-chrome); "
                    + ".ci/run installs Debian's chromium");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium.isPresent(),
                "no Chromium on the PATH: the dashboard was not checked in a browser");
        String dom = chromium.get().dumpDom(root.toString(), 10_000);
        assertThat(dom).contains("data-updated=");
        assertThat(points(dom, "accuracy")).as("live accuracy and training points drawn").isPositive();
        assertThat(points(dom, "versions")).as("serving and published versions drawn").isPositive();
        assertThat(points(dom, "throughput")).isPositive();
        java.util.regex.Matcher tables = java.util.regex.Pattern.compile("id=\"confusion\"[^>]*data-tables=\"(\\d+)\"")
                .matcher(dom);
        assertThat(tables.find() ? Integer.parseInt(tables.group(1)) : 0).as("a live confusion matrix per model")
                .isGreaterThanOrEqualTo(2);
        assertThat(dom).contains(LINEAR + ": version 1");
        java.nio.file.Path png = java.nio.file.Path.of("target", "dashboard.png");
        chromium.get().screenshot(root.toString(), png, 10_000);
        assertThat(java.nio.file.Files.size(png)).isGreaterThan(10_000);
    }

    /**
     * Thousands of generated feature vectors, valid ones among every kind of bad one: each valid one answered once
     * by each model, each bad one dead-lettered once with its reason. Then generated records on the labels topic:
     * each valid label joins the predictions waiting for it, a repeated one finds none, the rest join nothing.
     */
    @Test
    @Order(10)
    void fuzzedFeaturesAndLabelsAreAnsweredOrDeadLetteredAndTheServiceKeepsGoing() throws Exception {
        String bootstrap = endpoints.kafkaBootstrapServers();
        List<FuzzedRecord> fuzzed = new RecordFuzzer(21, i -> tree(InferenceData.featureMessage(SET, 200_000 + i)),
                "elsewhere").records(2_500, RecordFuzzer.none());
        KafkaFuzzRun run = KafkaFuzzRun.send(bootstrap, FEATURES, "fuzz", fuzzed);
        Map<String, Long> expected = new HashMap<>();
        run.valid().forEach(r -> expected.merge(r.eventId(), 2L, Long::sum)); // one answer per model
        long answers = 2L * run.valid().size();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                answeredAmong(expected.keySet()).values().stream().mapToLong(Long::longValue).sum() >= answers);
        run.assertDeadLettered(bootstrap, DLQ, Duration.ofSeconds(60));
        assertThat(answeredAmong(expected.keySet())).as("every valid vector answered once by each model")
                .isEqualTo(expected);
        given().get("/q/health/ready").then().statusCode(200);
        run.report("KafkaFuzzInference", "inference, features", "every valid vector answered once by each of its "
                + "two models, counted by event id on the predictions topic", answers / 2);

        // Labels: predictions wait for 1,000 fresh events; then fuzzed examples of those events.
        int events = 1_000;
        try (KafkaProducer<String, byte[]> producer = InferenceData.producer(bootstrap)) {
            for (int i = 0; i < events; i++) {
                FeatureVectorMessage f = InferenceData.featureMessage(SET, 300_000 + i);
                producer.send(new ProducerRecord<>(FEATURES, f.entityId(), Messages.toJson(f)));
            }
        }
        Set<String> waiting = new java.util.HashSet<>();
        for (int i = 0; i < events; i++) {
            waiting.add(SET + "-event-" + (300_000 + i));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> answeredAmong(waiting).size() == events);
        double joinedBefore = counter("freshet_inference_live_joined_total");
        double unmatchedBefore = counter("freshet_inference_live_unmatched_total");
        List<FuzzedRecord> labels = new RecordFuzzer(22, i -> tree(InferenceData.example(SET, 300_000 + i)), "elsewhere")
                .records(events, java.util.EnumSet.of(FuzzKind.UNKNOWN_FEATURE_SET, FuzzKind.UNKNOWN_LABEL));
        KafkaFuzzRun labelRun = KafkaFuzzRun.send(bootstrap, EXAMPLES, "fuzz", labels);
        long repeated = labels.stream().filter(r -> r.kind() == FuzzKind.DUPLICATE_ID).count();
        long joins = 2 * (labelRun.valid().size() - repeated);
        await().atMost(Duration.ofSeconds(60)).until(() -> counter("freshet_inference_live_joined_total") - joinedBefore >= joins
                && counter("freshet_inference_live_unmatched_total") - unmatchedBefore >= repeated);
        Thread.sleep(1_000); // anything joined by mistake would show by now
        assertThat(counter("freshet_inference_live_joined_total") - joinedBefore).as("valid labels joined once per model")
                .isEqualTo((double) joins);
        assertThat(counter("freshet_inference_live_unmatched_total") - unmatchedBefore).isEqualTo((double) repeated);
        assertThat(counter("freshet_inference_live_refused_total")).isGreaterThanOrEqualTo(labelRun.badCount());
        given().get("/q/health/ready").then().statusCode(200);
        labelRun.report("KafkaFuzzLabels", "inference, labels", "each valid label joined with both models' waiting "
                + "predictions, a repeated one with none, the rest refused (the trainer and the sink dead-letter them)",
                joins / 2, labelRun.valid().size() - repeated);

        // Registry events: the readable ones of a sound size reach the dashboard's timeline, the rest are counted
        // and ignored (every replica reads the topic whole: the trainer, its producer, owns its dead letters).
        double ignoredBefore = counter("freshet_inference_model_events_ignored_total");
        java.time.Instant eventsStarted = java.time.Instant.now();
        java.util.Random random = new java.util.Random(23);
        int valid = 0;
        int bad = 0;
        try (KafkaProducer<String, byte[]> producer = InferenceData.producer(bootstrap)) {
            for (int i = 0; i < 500; i++) {
                byte[] good = new ModelEvent(java.util.UUID.randomUUID().toString(), ModelEvent.Type.VERSION_PUBLISHED,
                        "fuzz-model-" + i, 1L, null, null, java.time.Instant.now(), Map.of("rolling.accuracy", 0.9)).toJson();
                byte[] value = switch (random.nextInt(8)) {
                    case 0 -> new String(good, StandardCharsets.UTF_8).replace("\"fuzz-model-", "\"" + "m".repeat(300))
                            .getBytes(StandardCharsets.UTF_8);
                    case 1 -> Arrays.copyOf(good, 1 + random.nextInt(good.length - 1));
                    case 2 -> new ModelEvent("e", ModelEvent.Type.VERSION_PUBLISHED, "fuzz-big-" + i, 1L, null, null,
                            null, Map.of("padding", "p".repeat(20_000))).toJson();
                    case 3 -> random.nextBoolean() ? null : new byte[0];
                    case 4 -> new String(good, StandardCharsets.UTF_8).replace("\"VERSION_PUBLISHED\"", "{}")
                            .getBytes(StandardCharsets.UTF_8);
                    default -> good;
                };
                if (value == good) {
                    valid++;
                } else {
                    bad++;
                }
                producer.send(new ProducerRecord<>(EVENTS, "fuzz", value));
            }
        }
        int published = valid;
        int refused = bad;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(counter("freshet_inference_model_events_ignored_total") - ignoredBefore).isEqualTo((double) refused);
            assertThat(given().get("/dashboard/data").jsonPath().getList("events.model", String.class))
                    .filteredOn(m -> m.startsWith("fuzz-model-")).hasSize(published);
        });
        given().get("/q/health/ready").then().statusCode(200);
        System.out.printf("KafkaFuzzEvents: 500 records to %s, %d valid, %d bad%n", EVENTS, published, refused);
        if (System.getProperty(dev.freshet.bench.BenchRecorder.RESULTS_DIR) != null) {
            dev.freshet.bench.BenchRecorder.named("KafkaFuzzEvents", "Reliability: Kafka fuzz, inference, registry events", 21)
                    .command("make reliability").startedAt(eventsStarted)
                    .setup("500 records on the registry's event topic: valid events of unserved models among model "
                            + "names over 256 characters, events cut short, events over 16 KiB, empty values and "
                            + "tombstones, a type of the wrong JSON kind. Checked: every valid one on the dashboard's "
                            + "timeline, every other counted as ignored, the service healthy.")
                    .figure(dev.freshet.bench.Figure.of("registry events: records tried", "records",
                            dev.freshet.bench.Stats.single(500)))
                    .figure(dev.freshet.bench.Figure.of("registry events: valid ones on the timeline", "events",
                            dev.freshet.bench.Stats.single(published)))
                    .figure(dev.freshet.bench.Figure.of("registry events: bad ones ignored and counted", "events",
                            dev.freshet.bench.Stats.single(refused)))
                    .write();
        }
    }

    /**
     * 5,000 generated requests to every endpoint: mutated and random bodies, repeated outputs, huge ids and
     * names, deep nesting, shapes that promise more data than they carry, odd methods and content types. No 5xx,
     * every error a JSON body, no answer out of proportion to its request, and the heap flat.
     */
    @Test
    @Order(11)
    void fiveThousandFuzzedRequestsGetNo5xxNoAmplificationAndLeaveTheHeapFlat() throws Exception {
        java.util.Random random = new java.util.Random(2026_12_06);
        String input = json(Map.of("name", "input", "shape", List.of(2, 3), "datatype", "FP64",
                "data", List.of(List.of(0.1, 0.2, 0.3), List.of(-0.4, 0.5, 1.5))));
        String valid = "{\"inputs\":[" + input + "]}";
        String validPredict = predictBody(CLEAR_UP);
        String[] fragments = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-", "1e999", "NaN", "\"inputs\"",
                "\"shape\"", "\"data\"", "\"datatype\"", "\"name\"", "\"features\"", "\"instances\"", "0", "-1",
                "9223372036854775808", "\"FP64\"", "\"BYTES\"", "\"x1\"", "\\u0000", "{}", "[]", "1.5", "\"outputs\"",
                "\"parameters\"", "\"id\""};
        String[] models = {LINEAR, MLP, "nope", "x".repeat(3_000), "%2e%2e%2f%2e%2e", "%00", "%E2%82%AC", "a%20b"};
        String[] versions = {"1", "2", "0", "-1", "99999999999999999999", "abc", "1.5", "9".repeat(2_000)};
        String[] reads = {"/v2", "/v2/health/live", "/v2/health/ready", "/inference/status", "/dashboard/data",
                "/q/health/ready", "/q/health/live"};
        List<RestFuzzRun.Request> requests = new ArrayList<>();
        for (int i = 0; requests.size() < 5_000; i++) {
            String model = models[random.nextInt(models.length)];
            String version = versions[random.nextInt(versions.length)];
            String infer = random.nextBoolean() ? "/v2/models/" + model + "/infer"
                    : "/v2/models/" + model + "/versions/" + version + "/infer";
            requests.add(switch (i % 13) {
                case 0 -> RestFuzzRun.Request.json("predict, mutated", "POST", "/predict",
                        RestFuzzRun.mutate(random, validPredict, fragments));
                case 1 -> RestFuzzRun.Request.json("infer, mutated", "POST", "/v2/models/" + LINEAR + "/infer",
                        RestFuzzRun.mutate(random, valid, fragments));
                case 2 -> RestFuzzRun.Request.json("random bytes", "POST", random.nextBoolean() ? "/predict" : infer,
                        RestFuzzRun.randomText(random, random.nextInt(400)));
                case 3 -> RestFuzzRun.Request.json("repeated outputs", "POST", "/v2/models/" + LINEAR + "/infer",
                        "{\"inputs\":[" + input + "],\"outputs\":[" + String.join(",", java.util.Collections.nCopies(
                                1 + random.nextInt(3_000), "{\"name\":\"" + (random.nextBoolean() ? "label" : "probabilities")
                                        + "\"}")) + "]}");
                case 4 -> RestFuzzRun.Request.json("huge id", "POST", "/v2/models/" + LINEAR + "/infer",
                        "{\"id\":\"" + "i".repeat(1 + random.nextInt(200_000)) + "\",\"inputs\":[" + input + "]}");
                case 5 -> RestFuzzRun.Request.json("any model and version", "POST", infer, valid);
                case 6 -> RestFuzzRun.Request.get("metadata and readiness, any model and version", switch (random.nextInt(4)) {
                    case 0 -> "/v2/models/" + model;
                    case 1 -> "/v2/models/" + model + "/ready";
                    case 2 -> "/v2/models/" + model + "/versions/" + version;
                    default -> "/v2/models/" + model + "/versions/" + version + "/ready";
                });
                case 7 -> RestFuzzRun.Request.stateRead("reads", reads[random.nextInt(reads.length)]);
                case 8 -> {
                    int depth = 10 + random.nextInt(5_000);
                    yield RestFuzzRun.Request.json("deep nesting", "POST", random.nextBoolean() ? "/predict" : infer,
                            random.nextBoolean() ? "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP64\","
                                    + "\"data\":" + "[".repeat(depth) + "1" + "]".repeat(depth) + "}]}"
                                    : "{\"features\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
                }
                case 9 -> RestFuzzRun.Request.json("shapes promising more than they carry", "POST",
                        "/v2/models/" + LINEAR + "/infer", "{\"inputs\":[{\"name\":\"input\",\"shape\":["
                                + List.of("100000000,3", "2147483647,2147483647", "-1,3", "3", "0,3", "1,3,3",
                                "9223372036854775807,3").get(random.nextInt(7))
                                + "],\"datatype\":\"FP64\",\"data\":[1,2,3]}]}");
                case 10 -> new RestFuzzRun.Request("odd methods and content types",
                        List.of("PUT", "DELETE", "PATCH", "POST").get(random.nextInt(4)),
                        random.nextBoolean() ? "/predict" : infer,
                        Map.of("Content-Type", List.of("text/plain", "application/xml", "application/json; charset=latin1",
                                "multipart/form-data").get(random.nextInt(4))), valid.getBytes(StandardCharsets.UTF_8));
                case 11 -> RestFuzzRun.Request.json("many instances", "POST", "/predict", instances(random.nextInt(200)));
                default -> {
                    StringBuilder b = new StringBuilder();
                    for (int k = random.nextInt(30); k > 0; k--) {
                        b.append(fragments[random.nextInt(fragments.length)]);
                    }
                    yield RestFuzzRun.Request.json("fragments", "POST", random.nextBoolean() ? "/predict" : infer,
                            b.toString());
                }
            });
        }
        RestFuzzRun run = RestFuzzRun.send(root.toURI(), requests);
        run.assertClean();
        assertThat(run.answered("predict, mutated")).as("some mutations stay valid and are answered").isPositive();
        assertThat(run.answered("infer, mutated")).isPositive();
        assertThat(run.answered("any model and version")).isPositive();
        assertThat(run.heapGrowth()).as("heap after a full collection, after the run against before")
                .isLessThan(64L * 1024 * 1024);
        given().contentType(ContentType.JSON).body(predictBody(CLEAR_UP)).post("/predict").then().statusCode(200);
        run.report("RestFuzzInference", "inference", "5,000 requests generated (seeded) against every endpoint of the "
                + "inference service, one at a time, in thirteen kinds.");
    }

    /** Answers on the predictions topic per event id, for the events in {@code ids}. */
    private Map<String, Long> answeredAmong(Set<String> ids) {
        Map<String, Long> answered = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.readAll(endpoints.kafkaBootstrapServers(), PREDICTIONS)) {
            String eventId = Messages.fromJson(r.value(), PredictionMessage.class).eventId();
            if (ids.contains(eventId)) {
                answered.merge(eventId, 1L, Long::sum);
            }
        }
        return answered;
    }

    private static double counter(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$")
                .matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static ObjectNode tree(Object message) {
        try {
            return (ObjectNode) Messages.MAPPER.readTree(Messages.toJson(message));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int points(String dom, String canvas) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<canvas id=\"" + canvas + "\"[^>]*data-points=\"(\\d+)\"")
                .matcher(dom);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    // ------------------------------------------------------------------ helpers

    void announce(ModelEvent event) throws Exception {
        try (KafkaProducer<String, byte[]> producer = InferenceData.producer(endpoints.kafkaBootstrapServers())) {
            producer.send(new ProducerRecord<>(EVENTS, event.model(), event.toJson())).get();
        }
    }

    static void awaitServing(String model, long version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v2/models/" + model).then()
                .statusCode(200).body("versions[0]", equalTo(Long.toString(version))));
    }

    static String predictBody(Map<String, Double> features) {
        return json(Map.of("features", features));
    }

    static String instances(int n) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(Map.of("features", CLEAR_UP));
        }
        return json(list);
    }

    static String json(Object value) {
        return new String(Messages.toJson(value), StandardCharsets.UTF_8);
    }

    static JsonNode infer(String path, Object body) {
        String answer = given().contentType(ContentType.JSON).body(json(body)).post(path).then().statusCode(200)
                .extract().asString();
        try {
            return Messages.MAPPER.readTree(answer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode output(JsonNode answer, String name) {
        for (JsonNode output : answer.get("outputs")) {
            if (output.get("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + answer);
    }

    static void expectError(String path, String body, int status, String message) {
        given().contentType(ContentType.JSON).body(body).post(path).then()
                .statusCode(status).contentType(ContentType.JSON).body("error", containsString(message));
    }
}

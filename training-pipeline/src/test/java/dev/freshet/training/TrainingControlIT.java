package dev.freshet.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import dev.freshet.testinfra.TopicRecords;
import dev.freshet.testinfra.fuzz.RestFuzzRun;
import dev.freshet.training.loop.TrainingLoop;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The operations that change state (issue 9, item 7), on the real servers: each refuses a request without a
 * credential (401), with an unknown key or a token signed by someone else (401), and with a role too low (403);
 * with the right role pause stops learning with nothing lost, resume goes on, publish publishes now, and the admin
 * promotes and rolls back the champion, announced with who did it. Both API keys and JWT bearer tokens.
 */
@QuarkusTest
@TestProfile(TrainingControlIT.Profile.class)
@WithTestResource(FreshetInfraTestResource.class)
class TrainingControlIT {

    static final String SET = "control";
    static final String TOPIC = SET + ".examples";
    static final String MODEL = SET + "-linear";
    static final String ADMIN_KEY = "admin-key-0123456789abcdef";
    static final String OPERATOR_KEY = "operator-key-0123456789abcdef";
    static final String READER_KEY = "reader-key-0123456789abcdef";
    static final String AUDIENCE = "freshet";
    static final String ISSUER = "https://issuer.freshet.test";
    /** The private key of the pair whose public half the trainer trusts (made for the tests, in the resources). */
    static final String SIGNER = "jwt/test-signer-private.pem";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = TrainingData.testProfile(SET);
            config.put("freshet.training.train", "linear");
            config.put("freshet.training.publish.interval", "1h"); // versions only when asked for
            config.put("freshet.training.publish.every-examples", "1000000");
            config.put("freshet.training.max-wait", "100ms");
            config.put("freshet.security.api-keys.admin", ADMIN_KEY);
            config.put("freshet.security.api-keys.operator", OPERATOR_KEY);
            config.put("freshet.security.api-keys.reader", READER_KEY);
            config.put("mp.jwt.verify.publickey.location", "jwt/test-signer-public.pem");
            config.put("mp.jwt.verify.issuer", ISSUER);
            config.put("mp.jwt.verify.audiences", AUDIENCE);
            return config;
        }
    }

    @InjectFreshetInfra
    InfraEndpoints endpoints;

    @Inject
    FeatureStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    TrainingLoop loop;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    private static PrivateKey stranger() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification key(String key) {
        return given().header("X-API-Key", key);
    }

    /** A token of ours, signed with the trusted key. */
    private static RequestSpecification token(String... groups) {
        return given().auth().oauth2(Jwt.issuer(ISSUER).audience(AUDIENCE).upn("someone@freshet.test").groups(Set.of(groups))
                .expiresIn(Duration.ofMinutes(5)).sign(SIGNER));
    }

    @Test
    void stateChangesNeedTheirRoleAndDoWhatTheySay() throws Exception {
        store.register(TrainingData.featureSet(SET));
        TrainingData.createTopic(endpoints.kafkaBootstrapServers(), TOPIC);
        try (KafkaProducer<String, byte[]> producer = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
            TrainingData.send(producer, TOPIC, SET, 0, 1_000);
        }
        loop.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> examplesSeen() == 1_000);

        // Reading is open, the API documented.
        given().get("/training/status").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/training/status")).body(containsString("/training/models/{model}/champion"))
                .body(containsString("/training/models/{model}/rollback")).body(containsString("Training control"));

        // No credential: 401 on every state change, with the challenge; nothing changed.
        for (String path : List.of("/training/pause", "/training/resume", "/training/models/" + MODEL + "/publish",
                "/training/models/" + MODEL + "/rollback")) {
            given().contentType(ContentType.JSON).body("{}").post(path).then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body("{\"version\": 1}").put("/training/models/" + MODEL + "/champion")
                .then().statusCode(401);
        // An unknown key, a token signed by another key, a token from another issuer: 401.
        key("not-a-key-of-ours-0123456789").post("/training/pause").then().statusCode(401);
        given().auth().oauth2(Jwt.issuer(ISSUER).upn("mallory").groups("admin").sign(stranger()))
                .post("/training/pause").then().statusCode(401);
        given().auth().oauth2(Jwt.issuer("https://elsewhere").audience(AUDIENCE).groups("admin").sign(SIGNER))
                .post("/training/pause").then().statusCode(401);
        // The right issuer and key for another audience (a token minted for another service), or none: 401.
        given().auth().oauth2(Jwt.issuer(ISSUER).audience("billing").groups("admin").sign(SIGNER))
                .post("/training/pause").then().statusCode(401);
        given().auth().oauth2(Jwt.issuer(ISSUER).groups("admin").sign(SIGNER))
                .post("/training/pause").then().statusCode(401);
        // A role too low: 403.
        key(READER_KEY).post("/training/pause").then().statusCode(403);
        token("reader").post("/training/models/" + MODEL + "/publish").then().statusCode(403);
        key(OPERATOR_KEY).contentType(ContentType.JSON).body("{\"version\": 1}")
                .put("/training/models/" + MODEL + "/champion").then().statusCode(403);
        token("operator").contentType(ContentType.JSON).body("{}")
                .post("/training/models/" + MODEL + "/rollback").then().statusCode(403);
        assertThat(loop.paused()).isFalse();
        assertThat(registry.latestVersion(MODEL)).as("nothing was published by the refused requests").isEmpty();

        // Operator: publish now (version 1), pause, examples arrive and wait, resume, publish (version 2).
        key(OPERATOR_KEY).post("/training/models/" + MODEL + "/publish").then().statusCode(200)
                .body("version", equalTo(1));
        token("operator").post("/training/pause").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "paused".equals(loop.status().state()));
        try (KafkaProducer<String, byte[]> producer = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
            TrainingData.send(producer, TOPIC, SET, 1_000, 1_500);
        }
        Thread.sleep(2_000); // a paused trainer would have learned them well within this
        assertThat(examplesSeen()).as("paused: nothing learned").isEqualTo(1_000);
        given().get("/training/status").then().statusCode(200).body("state", equalTo("paused"));
        key(ADMIN_KEY).post("/training/resume").then().statusCode(200); // admin includes operator
        await().atMost(Duration.ofSeconds(30)).until(() -> examplesSeen() == 1_500);
        key(OPERATOR_KEY).post("/training/models/" + MODEL + "/publish").then().statusCode(200)
                .body("version", equalTo(2));
        assertThat(registry.manifest(MODEL, 2).orElseThrow().examplesSeen()).as("each example once").isEqualTo(1_500);
        // Nothing new learned: publishing again answers the same version.
        key(OPERATOR_KEY).post("/training/models/" + MODEL + "/publish").then().statusCode(200)
                .body("version", equalTo(2));

        // Admin: promote version 1, then version 2, then roll back to 1; each announced with who did it.
        key(ADMIN_KEY).contentType(ContentType.JSON).body("{\"version\": 1, \"reason\": \"known good\"}")
                .put("/training/models/" + MODEL + "/champion").then().statusCode(200).body("version", equalTo(1));
        token("admin").contentType(ContentType.JSON).body("{\"version\": 2}")
                .put("/training/models/" + MODEL + "/champion").then().statusCode(200).body("version", equalTo(2))
                .body("previousVersion", equalTo(1));
        key(ADMIN_KEY).contentType(ContentType.JSON).body("{\"reason\": \"v2 misbehaves\"}")
                .post("/training/models/" + MODEL + "/rollback").then().statusCode(200).body("version", equalTo(1))
                .body("reason", equalTo("rolled back by admin-key-1: v2 misbehaves (from version 2)"));
        assertThat(registry.alias(MODEL, ModelRegistry.CHAMPION).orElseThrow().version()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(aliasMoves())
                .containsSubsequence("1 promoted by admin-key-1: known good", "2 promoted by someone@freshet.test",
                        "1 rolled back by admin-key-1: v2 misbehaves (from version 2)"));

        // Bad requests with the right role: clear errors, never a 5xx.
        key(ADMIN_KEY).contentType(ContentType.JSON).body("{\"version\": 99}")
                .put("/training/models/" + MODEL + "/champion").then().statusCode(404)
                .body("error", containsString("no version 99"));
        key(ADMIN_KEY).contentType(ContentType.JSON).body("{}")
                .put("/training/models/" + MODEL + "/champion").then().statusCode(400);
        for (String version : List.of("0", "-1", "-9223372036854775808")) {
            key(ADMIN_KEY).contentType(ContentType.JSON).body("{\"version\": " + version + "}")
                    .put("/training/models/" + MODEL + "/champion").then().statusCode(422)
                    .contentType(ContentType.JSON).body("error", containsString("numbered from 1"));
        }
        assertThat(registry.alias(MODEL, ModelRegistry.CHAMPION).orElseThrow().version()).as("nothing moved").isEqualTo(1);
        key(ADMIN_KEY).post("/training/models/nobody/publish").then().statusCode(404)
                .body("error", containsString("unknown model 'nobody'"));
        // A rollback without a reason goes to the version before, as the alias' history has it. The history
        // before this point depends on whether the gate moved the champion at publish, so it is set here.
        key(ADMIN_KEY).contentType(ContentType.JSON).body("{\"version\": 2}")
                .put("/training/models/" + MODEL + "/champion").then().statusCode(200).body("previousVersion", equalTo(1));
        key(ADMIN_KEY).contentType(ContentType.JSON).body("{}")
                .post("/training/models/" + MODEL + "/rollback").then().statusCode(200)
                .body("version", equalTo(1)).body("reason", equalTo("rolled back by admin-key-1 (from version 2)"));

        fuzzedControlRequests();
    }

    /**
     * 1,000 generated requests to the control endpoints, with every kind of credential: mutated and random bodies,
     * odd versions and model names, garbage keys and tokens. No 5xx, every error a JSON body, and the trainer still
     * learns afterwards.
     */
    private void fuzzedControlRequests() throws Exception {
        java.util.Random random = new java.util.Random(2026_12_06);
        String[] models = {MODEL, "nobody", "m".repeat(3_000), "%2e%2e%2f", "%00", "a%20b"};
        String[] bodies = {"{\"version\": 1}", "{\"version\": 2, \"reason\": \"r\"}", "{}", "{\"reason\": \"why\"}"};
        String[] fragments = {"{", "}", "\"", ":", ",", "null", "-1", "0", "1e999", "9223372036854775808", "\"version\"",
                "\"reason\"", "[]", "true", "\"x\""};
        List<Map<String, String>> credentials = List.of(Map.of(), Map.of("X-API-Key", ADMIN_KEY),
                Map.of("X-API-Key", READER_KEY), Map.of("X-API-Key", "k".repeat(1 + random.nextInt(5_000))),
                Map.of("Authorization", "Bearer not.a.token"), Map.of("Authorization", "Bearer " + "a".repeat(4_000)),
                Map.of("Authorization", "Basic Zm9vOmJhcg=="));
        List<RestFuzzRun.Request> requests = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String model = models[random.nextInt(models.length)];
            String body = switch (random.nextInt(4)) {
                case 0 -> bodies[random.nextInt(bodies.length)];
                case 1 -> RestFuzzRun.mutate(random, bodies[random.nextInt(bodies.length)], fragments);
                case 2 -> RestFuzzRun.randomText(random, random.nextInt(300));
                default -> "{\"version\": " + List.of("0", "-1", "99", "1.5", "\"1\"", "1e30", "null",
                        "-9223372036854775809").get(random.nextInt(8)) + ", \"reason\": \"" + "r".repeat(random.nextInt(20_000))
                        + "\"}";
            };
            Map<String, String> headers = new HashMap<>(credentials.get(random.nextInt(credentials.size())));
            headers.put("Content-Type", "application/json");
            String[] target = List.of(new String[] {"PUT", "/training/models/" + model + "/champion"},
                    new String[] {"POST", "/training/models/" + model + "/rollback"},
                    new String[] {"POST", "/training/models/" + model + "/publish"},
                    new String[] {"POST", "/training/pause"}, new String[] {"POST", "/training/resume"},
                    new String[] {"GET", "/training/status"}).get(random.nextInt(6));
            requests.add(new RestFuzzRun.Request(target[1].replaceAll("models/[^/]+/", "models/{model}/"), target[0],
                    target[1], headers, body.getBytes(StandardCharsets.UTF_8), !target[1].equals("/training/status")));
        }
        RestFuzzRun run = RestFuzzRun.send(root.toURI(), requests);
        run.assertClean();
        key(ADMIN_KEY).post("/training/resume").then().statusCode(200); // the fuzz may have left it paused
        long seen = examplesSeen();
        try (KafkaProducer<String, byte[]> producer = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
            TrainingData.send(producer, TOPIC, SET, 1_500, 1_600);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> examplesSeen() == seen + 100);
        run.report("RestFuzzTraining", "the trainer's control endpoints", "1,000 requests generated (seeded) against "
                + "the trainer's state-changing endpoints and its status, with no credential, each role's key, and "
                + "garbage keys and tokens.");
    }

    private long examplesSeen() {
        return loop.status().models().stream().filter(m -> m.name().equals(MODEL))
                .mapToLong(m -> m.examplesSeen()).findFirst().orElse(0L);
    }

    /** Each alias move announced for the model: "version reason". */
    private List<String> aliasMoves() throws Exception {
        return TopicRecords.read(endpoints.kafkaBootstrapServers(), ModelEvent.TOPIC, Integer.MAX_VALUE,
                        Duration.ofSeconds(3)).stream().map(ConsumerRecord::value).map(TrainingControlIT::event)
                .filter(e -> e.model().equals(MODEL) && e.type() == ModelEvent.Type.ALIAS_MOVED)
                .map(e -> e.version() + " " + e.details().get("reason")).toList();
    }

    private static ModelEvent event(byte[] json) {
        try {
            return ModelEvent.fromJson(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

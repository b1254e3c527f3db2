package dev.freshet.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.infra.server.KafkaServer;
import dev.freshet.infra.server.Ports;
import dev.freshet.infra.server.ServerProcesses;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import dev.freshet.testinfra.TopicRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka with SASL switched on by configuration alone (issue 9, item 8): a broker of this test whose client
 * listener lets in only a SASL/PLAIN user, and the packaged trainer given {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM} and {@code KAFKA_SASL_JAAS_CONFIG} as environment variables, as a Kubernetes Secret
 * would give them. Its own consumer and its messaging channels both authenticate; with a wrong password it stops
 * before it is ready (exit 1), saying why.
 */
class KafkaSaslProcessIT {

    private static final String USER = "freshet";
    private static final String PASSWORD = "sasl-test-password-0123";
    private static KafkaServer broker;
    private static ProcessHandle brokerProcess;
    private static InfraEndpoints endpoints;
    private static FeatureStore store;
    private static ModelRegistry registry;

    @BeforeAll
    static void servers() throws Exception {
        endpoints = SharedInfra.endpoints(); // PostgreSQL and S3 of the suite; Kafka of its own
        Path dir = Files.createTempDirectory("freshet-kafka-sasl");
        broker = new KafkaServer(dir, Ports.freePort(), Ports.freePort(),
                new KafkaServer.SaslPlainListener(Ports.freePort(), Map.of(USER, PASSWORD)));
        Files.createDirectories(broker.dir());
        broker.prepare();
        brokerProcess = ServerProcesses.start(broker, false);
        ServerProcesses.awaitReady(broker, brokerProcess, Duration.ofSeconds(90));
        store = TrainingData.store(endpoints);
        registry = TrainingData.registry(endpoints);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (brokerProcess != null) {
            ServerProcesses.stop(brokerProcess, broker.stopSignal(), broker.ports(), Duration.ofSeconds(30));
        }
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
    }

    private static Map<String, String> trainerEnv(String set, String password) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("KAFKA_SASL_MECHANISM", "PLAIN");
        env.put("KAFKA_SASL_JAAS_CONFIG", jaas(password));
        env.put("FRESHET_TRAINING_FEATURE_SET", set);
        env.put("FRESHET_TRAINING_TOPIC", set + ".examples");
        env.put("FRESHET_TRAINING_DLQ_TOPIC", set + ".dlq");
        env.put("FRESHET_TRAINING_LOCK_NAME", set);
        env.put("FRESHET_TRAINING_PUBLISH_INTERVAL", "1s");
        env.put("FRESHET_TRAINING_TRAIN", "linear");
        return env;
    }

    @Test
    void theTrainerAuthenticatesWithSaslFromItsEnvironmentAndAWrongPasswordKeepsItOut() throws Exception {
        String set = "sasl";
        store.register(TrainingData.featureSet(set));
        TrainingData.createTopic(broker.bootstrapServers(), set + ".examples");
        Map<String, Object> client = new HashMap<>();
        client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        client.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        client.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(PASSWORD));
        client.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client, new StringSerializer(),
                new ByteArraySerializer())) {
            TrainingData.send(producer, set + ".examples", set, 0, 500);
        }

        Map<String, String> asPackaged = new HashMap<>(trainerEnv(set, PASSWORD));
        asPackaged.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"); // the prod default; the tests otherwise ask for text
        try (ServiceProcess trainer = ServiceProcess.start(set, asPackaged, Duration.ofSeconds(120))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> registry.latestVersion(set + "-linear")
                    .flatMap(v -> registry.manifest(set + "-linear", v)).map(Manifest::examplesSeen).orElse(0L) == 500);
            // The announcement went out through the messaging channel, authenticated the same way.
            await().atMost(Duration.ofSeconds(30)).until(() -> TopicRecords.read(broker.bootstrapServers(),
                    ModelEvent.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                    .map(r -> event(r.value())).anyMatch(e -> e.model().equals(set + "-linear")
                            && e.type() == ModelEvent.Type.VERSION_PUBLISHED));
            assertThat(trainer.log()).doesNotContain("Authentication failed");
            // JSON lines, one per record, for a cluster's log collector.
            List<JsonNode> records = trainer.log().lines().filter(l -> l.startsWith("{")).map(KafkaSaslProcessIT::json)
                    .toList();
            assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.has("level") && r.has("message")
                    && r.has("loggerName")).as("a log record: %s", r).isTrue());
            assertThat(records).anySatisfy(r -> assertThat(r.path("message").asText()).contains("started in"));
        }

        ServiceProcess[] started = new ServiceProcess[1];
        assertThatThrownBy(() -> started[0] = ServiceProcess.start(set + "-wrong-password",
                trainerEnv(set, "not-the-password"), Duration.ofSeconds(25)))
                .hasMessageContaining("exited with 1 before it was ready");
        String log = Files.readString(Path.of(System.getProperty("freshet.service.logs", "target/process-it-logs"))
                .resolve(set + "-wrong-password.log"));
        assertThat(log).contains("Training loop failed: org.apache.kafka.common.errors.SaslAuthenticationException: "
                + "Authentication failed: Invalid username or password");
        assertThat(log).doesNotContain("not-the-password"); // a credential never reaches the log
    }

    private static ModelEvent event(byte[] json) {
        try {
            return ModelEvent.fromJson(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON log record: " + line, e);
        }
    }
}

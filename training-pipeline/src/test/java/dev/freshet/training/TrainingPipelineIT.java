package dev.freshet.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.contract.DeadLetters;
import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.KafkaPosition;
import dev.freshet.featurestore.StoredExample;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.registry.quarkus.RegistryHttpClient;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import dev.freshet.testinfra.TopicRecords;
import dev.freshet.testinfra.fuzz.FuzzedRecord;
import dev.freshet.testinfra.fuzz.KafkaFuzzRun;
import dev.freshet.testinfra.fuzz.RecordFuzzer;
import dev.freshet.training.loop.TrainingLoop;
import dev.freshet.training.status.TrainingStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.minio.client.OptionalHttpClientProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The trainer on the real servers: it bootstraps from the feature store's history, publishes version 1 with
 * the offsets where that history ends, continues from exactly there on Kafka (no example counted twice or
 * skipped), dead-letters poison records with their reason and goes on, publishes on its interval, moves the
 * champion through the gate, and reports all of it on {@code /training/status}.
 */
@QuarkusTest
@TestProfile(TrainingPipelineIT.Profile.class)
@WithTestResource(FreshetInfraTestResource.class)
class TrainingPipelineIT {

    static final String SET = "handoff";
    static final String TOPIC = "handoff.examples";
    static final String DLQ = "handoff.dlq";

    /** Data is prepared before the loop starts; a short publish interval. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = TrainingData.testProfile(SET);
            config.put("mp.messaging.outgoing.training-dlq.topic", DLQ);
            config.put("freshet.training.publish.interval", "2s");
            config.put("freshet.training.gate.window", "200");
            config.put("freshet.training.max-wait", "200ms");
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
    OptionalHttpClientProducer httpClients;

    @Inject
    TrainingLoop loop;

    @Inject
    MeterRegistry meters;

    @Test
    void bootstrapsFromHistoryThenContinuesFromKafkaExactlyWhereItEnds() throws Exception {
        FeatureSet featureSet = TrainingData.featureSet(SET);
        store.register(featureSet);
        TrainingData.createTopic(endpoints.kafkaBootstrapServers(), TOPIC);
        Map<Integer, Long> historyEnds = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
            // The first 400 are in the store as the sink stored them (a prefix of every partition), 200 more are not yet.
            List<RecordMetadata> landed = TrainingData.send(producer, TOPIC, SET, 0, 600);
            List<StoredExample> stored = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                RecordMetadata at = landed.get(i);
                stored.add(new StoredExample(TrainingData.example(SET, i), new KafkaPosition(TOPIC, at.partition(), at.offset())));
                historyEnds.merge(at.partition(), at.offset() + 1, Math::max);
            }
            store.append(stored);
            // Poison: not JSON, a non-finite value, another feature set, an unknown label, a time that overflowed
            // (it stopped the trainer on every start), a label whose reason would not fit a dead letter.
            producer.send(new ProducerRecord<>(TOPIC, "p1", "not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(TOPIC, "p2", Messages.toJson(
                    withFeature(TrainingData.example(SET, 9001), "x1", Double.POSITIVE_INFINITY)))).get();
            producer.send(new ProducerRecord<>(TOPIC, "p3", Messages.toJson(TrainingData.example("elsewhere", 3)))).get();
            LabelledExampleMessage odd = TrainingData.example(SET, 9003);
            producer.send(new ProducerRecord<>(TOPIC, "p4", Messages.toJson(new LabelledExampleMessage(odd.eventId(),
                    SET, 1, odd.entityId(), odd.eventTime(), odd.labelTime(), odd.features(), "sideways")))).get();
            producer.send(new ProducerRecord<>(TOPIC, "p5", new String(Messages.toJson(TrainingData.example(SET, 9005)),
                    StandardCharsets.UTF_8).replaceAll("\"(event|label)Time\":\"[^\"]*\"", "\"$1Time\":10000000000000000")
                    .getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(TOPIC, "p6", Messages.toJson(new LabelledExampleMessage(odd.eventId(),
                    SET, 1, odd.entityId(), odd.eventTime(), odd.labelTime(), odd.features(), "x".repeat(200_000))))).get();
            TrainingData.send(producer, TOPIC, SET, 600, 700);
        }

        loop.start();

        String linear = SET + "-linear";
        String mlp = SET + "-mlp";
        await().atMost(Duration.ofSeconds(90)).until(() -> lineageEnd(linear).map(Manifest::examplesSeen).orElse(0L) == 700
                && lineageEnd(mlp).map(Manifest::examplesSeen).orElse(0L) == 700);

        for (String model : List.of(linear, mlp)) {
            Manifest first = registry.manifest(model, 1).orElseThrow();
            assertThat(first.examplesSeen()).as("version 1 is the history").isEqualTo(400);
            assertThat(first.kafkaOffsets().get(TOPIC)).as("version 1 continues where the history ends").isEqualTo(historyEnds);
            assertThat(first.parentVersion()).isNull();
            assertThat(first.featureSchema().features()).containsExactly("x1", "x2", "noise"); // never the later one
            Manifest last = lineageEnd(model).orElseThrow();
            assertThat(sum(last.kafkaOffsets().get(TOPIC))).as("every record read, poison included").isEqualTo(706);
            // Back along the lineage: each version continues its parent, and the counts only grow.
            Manifest version = last;
            while (version.parentVersion() != null) {
                Manifest parent = registry.manifest(model, version.parentVersion()).orElseThrow();
                assertThat(version.examplesSeen()).isGreaterThanOrEqualTo(parent.examplesSeen());
                version = parent;
            }
            assertThat(version.version()).isEqualTo(1);
        }
        assertThat(registry.alias(linear, ModelRegistry.CHAMPION)).as("x1 + x2 > 0 is learnable: the gate lets it in").isPresent();

        List<ConsumerRecord<byte[], byte[]>> dead = TopicRecords.read(endpoints.kafkaBootstrapServers(), DLQ, 6, Duration.ofSeconds(30));
        List<String> reasons = dead.stream().map(r -> new String(r.headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8)).toList();
        assertThat(reasons).hasSize(6);
        assertThat(reasons).anyMatch(r -> r.contains("eventTime +316889355-") && r.contains("days after now"));
        assertThat(reasons).anyMatch(r -> r.startsWith("label is 200000 characters long") && r.endsWith("(cut)"));
        assertThat(dead).allMatch(r -> r.headers().lastHeader("dead-letter-reason").value().length
                <= DeadLetters.MAX_REASON_BYTES);
        assertThat(reasons).anyMatch(r -> r.contains("not a valid LabelledExampleMessage"));
        assertThat(reasons).anyMatch(r -> r.contains("'x1'"));
        assertThat(reasons).anyMatch(r -> r.contains("feature set 'elsewhere'"));
        assertThat(reasons).anyMatch(r -> r.contains("label 'sideways'"));

        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().models().stream()
                .allMatch(m -> m.examplesSeen() == 700));
        TrainingStatus status = loop.status();
        assertThat(status.poison()).isEqualTo(6);
        given().when().get("/training/status").then().statusCode(200)
                .body("state", equalTo("training"))
                .body("models", hasSize(2))
                .body("poison", equalTo(6))
                .body("models.find { it.name == '" + linear + "' }.examplesSeen", equalTo(700));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model registry' }.status", equalTo("UP"));
        // The registry's client is the extension's, built over the registry's own HTTP client.
        assertThat(httpClients).isInstanceOf(RegistryHttpClient.class);
        // Started behind (304 records waiting past the history): batches took far more than min-batch (100).
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("freshet_training_batch_size_max [2-9][0-9][0-9]\\.0");

        // Announced on freshet.model-events: every version, and the champion's moves.
        await().atMost(Duration.ofSeconds(30)).until(() -> events(linear, ModelEvent.Type.VERSION_PUBLISHED).size()
                == registry.versions(linear).size());
        assertThat(events(linear, ModelEvent.Type.ALIAS_MOVED)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.alias()).isEqualTo(ModelRegistry.CHAMPION));

        // The concept flips: the drift detector fires, and the drift is announced and shown.
        try (KafkaProducer<String, byte[]> producer = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
            for (int i = 700; i < 1700; i++) {
                LabelledExampleMessage m = TrainingData.example(SET, i);
                LabelledExampleMessage flipped = new LabelledExampleMessage(m.eventId(), SET, 1, m.entityId(), m.eventTime(),
                        m.labelTime(), m.features(), m.label().equals("up") ? "down" : "up");
                producer.send(new ProducerRecord<>(TOPIC, m.entityId(), Messages.toJson(flipped)));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !events(linear, ModelEvent.Type.DRIFT_DETECTED).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.status().models().stream()
                .filter(m -> m.name().equals(linear)).allMatch(m -> m.lastDrift() != null && m.examplesSeen() == 1700));
        assertThat(events(linear, ModelEvent.Type.DRIFT_DETECTED).get(0).details()).containsKey("detector");

        // Paused with examples learned since the last version: no interval publishes them (the champion an
        // operator set stays) until the resume. Paused right after learning, a version may already have taken
        // them (an interval that ended while paused publishes with the first batch after the resume): then again,
        // and the next interval is a fresh 2 s away. The learning is seen on the live counter, not on the status
        // (refreshed once a second, half an interval), so that the pause follows it closely.
        long learned = 1700;
        long published = learned;
        try (KafkaProducer<String, byte[]> producer = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
            for (int attempt = 0; attempt < 10 && published == learned; attempt++) {
                loop.pause();
                await().atMost(Duration.ofSeconds(10)).until(() -> "paused".equals(loop.status().state()));
                TrainingData.send(producer, TOPIC, SET, learned, learned + 100);
                learned += 100;
                long target = learned;
                loop.resume();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> learnedByEach(linear, mlp) == target);
                loop.pause();
                await().atMost(Duration.ofSeconds(10)).until(() -> "paused".equals(loop.status().state()));
                Thread.sleep(500); // a publish begun before the pause ends
                published = lineageEnd(linear).orElseThrow().examplesSeen();
            }
        }
        assertThat(published).as("examples learned before the pause still unpublished half a second into it (a paused "
                + "trainer published them, or a version took them before each of five pauses)").isLessThan(learned);
        long versionWhenPaused = registry.latestVersion(linear).orElseThrow();
        Thread.sleep(5_000); // two and a half publish intervals
        assertThat(registry.latestVersion(linear)).as("paused: no version").contains(versionWhenPaused);
        loop.resume();
        long all = learned;
        await().atMost(Duration.ofSeconds(30)).until(() -> lineageEnd(linear).orElseThrow().examplesSeen() == all);

        // Fuzzed: thousands of generated records, valid ones among every kind of bad one. Each valid one is learned
        // once by both models, each bad one dead-lettered once with its reason, and the trainer keeps going.
        List<FuzzedRecord> fuzzed = new RecordFuzzer(21, i -> tree(TrainingData.example(SET, 100_000 + i)), "elsewhere")
                .records(3_500, RecordFuzzer.none());
        KafkaFuzzRun run = KafkaFuzzRun.send(endpoints.kafkaBootstrapServers(), TOPIC, "fuzz", fuzzed);
        long expected = all + run.valid().size();
        await().atMost(Duration.ofSeconds(90)).until(() -> learnedByEach(linear, mlp) >= expected);
        run.assertDeadLettered(endpoints.kafkaBootstrapServers(), DLQ, Duration.ofSeconds(60));
        assertThat(learnedByEach(linear, mlp)).as("every valid fuzzed record learned once by each model").isEqualTo(expected);
        // The status is a snapshot taken once a second: it catches up.
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().poison() == 6 + run.badCount());
        given().when().get("/q/health/ready").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> lineageEnd(linear).orElseThrow().examplesSeen() == expected);
        run.report("KafkaFuzzTrainer", "the trainer", "every valid record learned once by both models, counted on "
                + "their learned-examples meters and the newest version", learnedByEach(linear, mlp) - all);
    }

    private static ObjectNode tree(LabelledExampleMessage message) {
        try {
            return (ObjectNode) Messages.MAPPER.readTree(Messages.toJson(message));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<ModelEvent> events(String model, ModelEvent.Type type) throws Exception {
        List<ModelEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicRecords.read(endpoints.kafkaBootstrapServers(), ModelEvent.TOPIC,
                Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            ModelEvent event = ModelEvent.fromJson(r.value());
            if (event.model().equals(model) && event.type() == type) {
                events.add(event);
            }
        }
        return events;
    }

    /** Examples learned by every one of {@code models}, read live from the trainer's counter; -1 while they differ. */
    private long learnedByEach(String... models) {
        long[] counts = Arrays.stream(models).mapToLong(m -> (long) meters.get("freshet.training.examples.learned")
                .tag("model", m).functionCounter().count()).distinct().toArray();
        return counts.length == 1 ? counts[0] : -1;
    }

    private Optional<Manifest> lineageEnd(String model) {
        return registry.latestVersion(model).flatMap(v -> registry.manifest(model, v));
    }

    private static long sum(Map<Integer, Long> offsets) {
        return offsets == null ? 0 : offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static LabelledExampleMessage withFeature(LabelledExampleMessage m, String name, double value) {
        Map<String, Double> features = new HashMap<>(m.features());
        features.put(name, value);
        return new LabelledExampleMessage(m.eventId(), m.featureSet(), m.schemaVersion(), m.entityId(), m.eventTime(),
                m.labelTime(), features, m.label());
    }
}

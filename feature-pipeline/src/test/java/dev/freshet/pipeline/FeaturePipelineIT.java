package dev.freshet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.node.ObjectNode;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.freshet.contract.DeadLetters;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.contract.Topics;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.StoredExample;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.pipeline.source.SourceRunner;
import dev.freshet.pipeline.source.drone.DroneSimulator;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import dev.freshet.testinfra.fuzz.FuzzKind;
import dev.freshet.testinfra.fuzz.FuzzedRecord;
import dev.freshet.testinfra.fuzz.KafkaFuzzRun;
import dev.freshet.testinfra.fuzz.RecordFuzzer;
import java.util.EnumSet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The service end to end on the real servers: the drone source publishes features and, an hour later,
 * examples; the sink stores every example exactly once; poison records go to the dead-letter topic with
 * their reason and the records after them are still stored.
 */
@QuarkusTest
@TestProfile(DroneSourceProfile.class)
@WithTestResource(FreshetInfraTestResource.class)
class FeaturePipelineIT {

    @InjectFreshetInfra
    InfraEndpoints endpoints;

    @Inject
    FeatureStore store;

    @Inject
    SourceRunner source;

    @Test
    void everyExampleOfTheSourceIsStoredExactlyOnceAndFeaturesReachTheirTopic() {
        await().atMost(Duration.ofSeconds(60)).until(() -> source.examplesSent() == DroneSourceProfile.EXAMPLES);
        await().atMost(Duration.ofSeconds(60)).until(() -> store.count("drone") == DroneSourceProfile.EXAMPLES);
        assertThat(store.featureSet("drone")).contains(DroneSimulator.FEATURE_SET);

        List<StoredExample> history = store.readHistory("drone");
        assertThat(history).hasSize(DroneSourceProfile.EXAMPLES);
        Set<String> events = new HashSet<>();
        Set<String> positions = new HashSet<>();
        for (StoredExample e : history) {
            events.add(e.example().eventId());
            positions.add(e.position().topic() + "/" + e.position().partition() + "/" + e.position().offset());
            assertThat(e.example().labelTime()).isAfter(e.example().eventTime());
        }
        assertThat(events).hasSize(DroneSourceProfile.EXAMPLES);
        assertThat(positions).hasSize(DroneSourceProfile.EXAMPLES);
        assertThat(source.featuresSent()).isEqualTo(DroneSourceProfile.EXAMPLES);
        assertThat(TopicReader.read(endpoints.kafkaBootstrapServers(), Topics.FEATURES, TopicReader.ofFeatureSet("drone"),
                DroneSourceProfile.EXAMPLES, Duration.ofSeconds(30)))
                .hasSize(DroneSourceProfile.EXAMPLES)
                .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("avg_rating"));
    }

    @Test
    void poisonRecordsAreDeadLetteredWithTheirReasonAndTheRestIsStored() throws Exception {
        String featureSet = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t = Instant.parse("2026-11-02T09:00:00Z");
        byte[] valid = Messages.toJson(new LabelledExampleMessage("ok-" + featureSet, featureSet, 1, "shop-1", t,
                t.plusSeconds(3600), Map.of("hour", 9.0), "busy"));
        String nan = new String(valid, StandardCharsets.UTF_8).replace("9.0", "\"NaN\"");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EXAMPLES, featureSet, "not json {".getBytes())).get();
            producer.send(new ProducerRecord<>(Topics.EXAMPLES, featureSet, nan.replace("ok-", "nan-").getBytes())).get();
            // A time that overflowed the store's microseconds: it took the sink down and stopped its commits.
            producer.send(new ProducerRecord<>(Topics.EXAMPLES, featureSet, new String(valid, StandardCharsets.UTF_8)
                    .replace("ok-", "far-").replaceAll("\"(event|label)Time\":\"[^\"]*\"", "\"$1Time\":10000000000000000")
                    .getBytes(StandardCharsets.UTF_8))).get();
            // 700 KB: as a dead letter with its headers it would pass the producer's limit of 1 MiB and fail.
            producer.send(new ProducerRecord<>(Topics.EXAMPLES, featureSet, ("[" + "7".repeat(700 * 1024) + "]")
                    .getBytes(StandardCharsets.UTF_8))).get();
            // Valid JSON PostgreSQL cannot hold (a NUL character): it once made the sink wait for the database forever.
            producer.send(new ProducerRecord<>(Topics.EXAMPLES, featureSet, Messages.toJson(new LabelledExampleMessage(
                    "nul-" + featureSet, featureSet, 1, "shop\u0000", t, t.plusSeconds(3600), Map.of("hour", 9.0),
                    "busy")))).get();
            producer.send(new ProducerRecord<>(Topics.EXAMPLES, featureSet, valid)).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> store.count(featureSet) == 1);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read(endpoints.kafkaBootstrapServers(), Topics.EXAMPLES + ".dlq",
                r -> featureSet.equals(r.key()), 5, Duration.ofSeconds(30));
        assertThat(dead).hasSize(5);
        List<String> reasons = new ArrayList<>();
        dead.forEach(r -> reasons.add(new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)));
        assertThat(reasons).anyMatch(r -> r.contains("not a valid LabelledExampleMessage"));
        assertThat(reasons).anyMatch(r -> r.contains("'hour' is NaN"));
        assertThat(reasons).anyMatch(r -> r.contains("eventTime +316889355-") && r.contains("days after now"));
        assertThat(reasons).anyMatch(r -> r.startsWith("could not be stored: PostgreSQL refused the example"));
        ConsumerRecord<String, byte[]> cut = dead.stream().filter(r -> r.headers().lastHeader(DeadLetters.TRUNCATED) != null)
                .findFirst().orElseThrow();
        assertThat(new String(cut.headers().lastHeader(DeadLetters.TRUNCATED).value(), StandardCharsets.UTF_8))
                .isEqualTo(Integer.toString(700 * 1024 + 2));
        assertThat(cut.value()).hasSize(DeadLetters.MAX_PAYLOAD_BYTES);
        assertThat(new String(cut.headers().lastHeader(DeadLetters.OFFSET).value(), StandardCharsets.UTF_8)).isNotBlank();
        // The sink kept going: healthy, and what came after the poison is stored.
        given().get("/q/health/ready").then().statusCode(200);
    }

    /**
     * Thousands of generated records, valid ones among every kind of bad one: each valid record stored once (the
     * sink stores examples of feature sets and labels it has not seen), each bad one dead-lettered once with its
     * reason, and the sink healthy afterwards.
     */
    @Test
    void fuzzedRecordsAreEachStoredOnceOrDeadLetteredAndTheSinkKeepsGoing() throws Exception {
        String featureSet = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        String other = featureSet + "-other";
        Instant t = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        RecordFuzzer fuzzer = new RecordFuzzer(21, i -> {
            ObjectNode node = Messages.MAPPER.createObjectNode().put("eventId", featureSet + "-" + i)
                    .put("featureSet", featureSet).put("schemaVersion", 1).put("entityId", "shop-" + i % 50)
                    .put("eventTime", t.plusSeconds(i).toString()).put("labelTime", t.plusSeconds(i + 3600).toString())
                    .put("label", i % 3 == 0 ? "busy" : "quiet");
            node.putObject("features").put("hour", i % 24).put("rating", 3.5 + i % 3).put("orders", i % 40);
            return node;
        }, other);
        List<FuzzedRecord> records = fuzzer.records(3_500, EnumSet.of(FuzzKind.UNKNOWN_FEATURE_SET, FuzzKind.UNKNOWN_LABEL));
        KafkaFuzzRun run = KafkaFuzzRun.send(endpoints.kafkaBootstrapServers(), Topics.EXAMPLES, featureSet, records);
        int valid = run.valid().size();
        await().atMost(Duration.ofSeconds(90)).until(() -> store.count(featureSet) + store.count(other) >= valid);
        run.assertDeadLettered(endpoints.kafkaBootstrapServers(), Topics.EXAMPLES + ".dlq", Duration.ofSeconds(60));
        long stored = store.count(featureSet) + store.count(other);
        assertThat(stored).as("every valid fuzzed record stored once").isEqualTo(valid);
        given().get("/q/health/ready").then().statusCode(200);
        run.report("KafkaFuzzSink", "the feature store's sink", "every valid record stored once, counted in PostgreSQL",
                stored);
    }
}

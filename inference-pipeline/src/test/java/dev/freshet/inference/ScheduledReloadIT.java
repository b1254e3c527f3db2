package dev.freshet.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.Messages;
import dev.freshet.contract.PredictionMessage;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import dev.freshet.testinfra.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * With no registry event at all (nobody announces on the topic this service reads), the scheduled check alone
 * brings in the first version and the next champion; feature vectors that arrived before any model existed
 * waited and were all answered.
 */
@QuarkusTest
@TestProfile(ScheduledReloadIT.Profile.class)
@WithTestResource(FreshetInfraTestResource.class)
class ScheduledReloadIT {

    static final String SET = "sched";
    static final String MODEL = "sched-linear";
    static final String FEATURES = "sched.features";
    static final String PREDICTIONS = "sched.predictions";

    /** A one-second schedule and topics of this test. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("freshet.inference.models", MODEL);
            config.put("freshet.inference.reload.interval", "1s");
            config.put("mp.messaging.incoming.model-events.topic", "sched.model-events");
            config.put("mp.messaging.incoming.features.topic", FEATURES);
            config.put("mp.messaging.incoming.features.auto.offset.reset", "earliest");
            config.put("mp.messaging.incoming.labels.topic", "sched.examples");
            config.put("mp.messaging.outgoing.predictions.topic", PREDICTIONS);
            config.put("mp.messaging.outgoing.inference-dlq.topic", "sched.dlq");
            return config;
        }
    }

    @InjectFreshetInfra
    InfraEndpoints endpoints;

    @Inject
    ModelRegistry registry;

    @Test
    void theScheduleAloneBringsInNewVersionsAndWaitingFeaturesAreAllAnswered() throws Exception {
        InferenceData.createTopics(endpoints.kafkaBootstrapServers(), 2, FEATURES);
        int count = 50;
        try (KafkaProducer<String, byte[]> producer = InferenceData.producer(endpoints.kafkaBootstrapServers())) {
            for (int i = 0; i < count; i++) {
                FeatureVectorMessage f = InferenceData.featureMessage(SET, i);
                producer.send(new ProducerRecord<>(FEATURES, f.entityId(), Messages.toJson(f)));
            }
            producer.flush();
        }
        Thread.sleep(2000); // polled and waiting: no version exists yet
        given().get("/q/health/ready").then().statusCode(503);

        InferenceData.publish(registry, MODEL, SET, InferenceData.trained("linear", 1000, false));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/v2/models/" + MODEL).then()
                .statusCode(200).body("versions[0]", equalTo("1")));
        List<ConsumerRecord<byte[], byte[]>> answers = TopicRecords.read(endpoints.kafkaBootstrapServers(), PREDICTIONS,
                count, Duration.ofSeconds(30));
        Set<String> answered = answers.stream().map(r -> Messages.fromJson(r.value(), PredictionMessage.class).eventId())
                .collect(Collectors.toSet());
        assertThat(answered).hasSize(count);

        InferenceData.publish(registry, MODEL, SET, InferenceData.trained("linear", 1000, true));
        registry.promote(MODEL, ModelRegistry.CHAMPION, 2, "test");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/v2/models/" + MODEL).then()
                .statusCode(200).body("versions[0]", equalTo("2")));
    }
}

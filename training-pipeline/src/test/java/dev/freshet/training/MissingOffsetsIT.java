package dev.freshet.training;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import dev.freshet.training.loop.TrainingLoop;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Examples deleted from Kafka before any model learned them (and not in the feature store): the trainer
 * refuses to start with a clear error instead of skipping them, and publishes nothing.
 */
@QuarkusTest
@TestProfile(MissingOffsetsIT.Profile.class)
@WithTestResource(FreshetInfraTestResource.class)
class MissingOffsetsIT {

    static final String SET = "gap";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = TrainingData.testProfile(SET);
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

    @Test
    void deletedExamplesNobodyLearnedStopTheTrainerWithAClearError() throws Exception {
        store.register(TrainingData.featureSet(SET));
        String topic = SET + ".examples";
        TrainingData.createTopic(endpoints.kafkaBootstrapServers(), topic);
        try (KafkaProducer<String, byte[]> producer = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
            TrainingData.send(producer, topic, SET, 0, 300);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 1), RecordsToDelete.beforeOffset(10))).all().get();
        }

        loop.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> "failed".equals(loop.status().state()));
        assertThat(loop.status().message()).contains("Refusing to start").contains("gone from Kafka")
                .contains(topic + "-1").contains("log now starts at 10").contains("Nothing was reset");
        given().when().get("/q/health/live").then().statusCode(503);
        assertThat(registry.latestVersion(SET + "-linear")).isEmpty();
        assertThat(registry.latestVersion(SET + "-mlp")).isEmpty();
    }
}

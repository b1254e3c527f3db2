package dev.freshet.system;

import static dev.freshet.system.SystemParts.jar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.contract.Topics;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.StoredExample;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import dev.freshet.testinfra.TestServers;
import dev.freshet.testinfra.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Fault 1 of issue 9, the whole system: the Kafka broker stopped and started again on its data while the feature
 * pipeline's drone source produces, its sink stores, the trainer learns and inference serves — the three packaged
 * services as real processes. The source's producer waits out the gap and retries; afterwards every example the
 * broker acknowledged is on the topic once, in the feature store once, and learned once along the newest
 * version's lineage (history and stream together), and inference answers again.
 */
class BrokerRestartProcessIT {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final String SET = "drone";
    private static final String MODEL = SET + "-linear";
    private static final HttpClient HTTP = HttpClient.newHttpClient();


    @Test
    void everyAcknowledgedExampleIsStoredAndLearnedExactlyOnceAcrossABrokerRestart() throws Exception {
        InfraEndpoints endpoints = SharedInfra.endpoints();
        FeatureStore store = SystemParts.store(endpoints);
        ModelRegistry registry = SystemParts.registry(endpoints);

        Map<String, String> pipelineEnv = new HashMap<>();
        pipelineEnv.put("FRESHET_PIPELINE_SOURCE_ENABLED", "true");
        pipelineEnv.put("FRESHET_PIPELINE_SOURCE_KIND", "drone");
        pipelineEnv.put("FRESHET_PIPELINE_SOURCE_DRONE_SHOPS", "150");
        pipelineEnv.put("FRESHET_PIPELINE_SOURCE_DRONE_SPEEDUP", "3600"); // a simulated hour a second
        pipelineEnv.put("FRESHET_PIPELINE_SOURCE_DRONE_MAX_HOURS", "50");
        Map<String, String> trainerEnv = Map.of("FRESHET_TRAINING_TRAIN", "linear",
                "FRESHET_TRAINING_PUBLISH_INTERVAL", "2s", "FRESHET_TRAINING_LOCK_RETRY", "1s");
        Map<String, String> inferenceEnv = Map.of("FRESHET_INFERENCE_MODELS", MODEL,
                "FRESHET_INFERENCE_RELOAD_INTERVAL", "2s", "FRESHET_INFERENCE_WARM_UP_REQUESTS", "2000");

        try (ServiceProcess pipeline = ServiceProcess.start("pipeline", jar("pipeline"), pipelineEnv, READY)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> store.count(SET) > 300); // some history first
            try (ServiceProcess trainer = ServiceProcess.start("trainer", jar("training"), trainerEnv, READY)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> registry.latestVersion(MODEL).isPresent());
                try (ServiceProcess inference = ServiceProcess.start("inference", jar("inference"), inferenceEnv, READY)) {
                    String predict = "http://127.0.0.1:" + inference.port() + "/predict";
                    assertThat(predict(predict)).isEqualTo(200);
                    long sentBefore = (long) metric(pipeline, "freshet_source_examples_sent_total");
                    assertThat(pipeline.log()).as("the broker goes down while the source still produces")
                            .doesNotContain("Source drone finished");

                    TestServers.stop(TestServers.KAFKA);
                    try {
                        Thread.sleep(6_000);
                        assertThat(pipeline.isAlive()).isTrue();
                        assertThat(trainer.isAlive()).isTrue();
                        assertThat(inference.isAlive()).isTrue();
                        assertThat(predict(predict)).as("REST answers on without the broker").isEqualTo(200);
                    } finally {
                        TestServers.startStopped();
                    }

                    // The source goes on after the gap and ends at its last simulated hour.
                    await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.log().contains("Source drone finished"));
                    long sent = (long) metric(pipeline, "freshet_source_examples_sent_total");
                    assertThat(sent).as("the source went on after the restart").isGreaterThan(sentBefore);

                    // On the topic: each acknowledged example once (the idempotent producer's retries doubled none).
                    Set<String> onTopic = new HashSet<>();
                    List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.read(endpoints.kafkaBootstrapServers(),
                            Topics.EXAMPLES, (int) sent, Duration.ofSeconds(30));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        onTopic.add(Messages.fromJson(r.value(), LabelledExampleMessage.class).eventId());
                    }
                    assertThat(records).as("records on the topic").hasSize((int) sent);
                    assertThat(onTopic).as("distinct examples on the topic").hasSize((int) sent);

                    // In the store: exactly those, once each.
                    await().atMost(Duration.ofSeconds(60)).until(() -> store.count(SET) >= sent);
                    Thread.sleep(1_000); // anything still in flight would show up as a duplicate now
                    List<String> stored = new ArrayList<>();
                    for (StoredExample e : store.readHistory(SET)) {
                        stored.add(e.example().eventId());
                    }
                    assertThat(stored).hasSize((int) sent);
                    assertThat(new HashSet<>(stored)).isEqualTo(onTopic);

                    // Learned once each along the newest version's lineage: history and stream together.
                    await().atMost(Duration.ofSeconds(90)).until(() -> latest(registry).examplesSeen() == sent);
                    Manifest last = latest(registry);
                    assertThat(last.kafkaOffsets().get(Topics.EXAMPLES).values().stream().mapToLong(Long::longValue).sum())
                            .as("the lineage read the whole topic").isEqualTo(sent);
                    Manifest version = last;
                    while (version.parentVersion() != null) {
                        Manifest parent = registry.manifest(MODEL, version.parentVersion()).orElseThrow();
                        assertThat(version.examplesSeen()).isGreaterThanOrEqualTo(parent.examplesSeen());
                        version = parent;
                    }
                    assertThat(version.version()).isEqualTo(1);

                    // Inference answers as before, its champion unchanged by the gap.
                    await().atMost(Duration.ofSeconds(30)).until(() -> predict(predict) == 200);
                    assertThat(trainer.log()).doesNotContain("Training loop failed");
                }
            }
        }
    }

    private static Manifest latest(ModelRegistry registry) {
        return registry.latestVersion(MODEL).flatMap(v -> registry.manifest(MODEL, v)).orElseThrow();
    }

    private static int predict(String url) throws Exception {
        String body = "{\"features\":{\"type_fast_food\":1,\"type_cafe\":0,\"type_restaurant\":0,\"location_x\":0.3,"
                + "\"location_y\":0.6,\"weekday\":4,\"hour\":12,\"noise_1\":0.1,\"noise_2\":0.5,\"noise_3\":0.9}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double metric(ServiceProcess service, String name) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}

package dev.freshet.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import dev.freshet.testinfra.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;

/**
 * The packaged trainer as a real process: SIGKILLed again and again while a producer runs, and run twice at
 * once. Whatever happens, the final version's lineage has learned every produced example exactly once: its
 * count of examples equals the count produced, its offsets are the end of the topic, and every version
 * published lies on that one lineage.
 */
class TrainerProcessIT {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static InfraEndpoints endpoints;
    private static FeatureStore store;
    private static ModelRegistry registry;

    @BeforeAll
    static void servers() {
        endpoints = SharedInfra.endpoints();
        store = TrainingData.store(endpoints);
        registry = TrainingData.registry(endpoints);
    }

    private static Map<String, String> trainerEnv(String set) {
        Map<String, String> env = new HashMap<>();
        env.put("FRESHET_TRAINING_FEATURE_SET", set);
        env.put("FRESHET_TRAINING_TOPIC", set + ".examples");
        env.put("FRESHET_TRAINING_DLQ_TOPIC", set + ".dlq");
        env.put("FRESHET_TRAINING_LOCK_NAME", set);
        env.put("FRESHET_TRAINING_LOCK_RETRY", "1s");
        env.put("FRESHET_TRAINING_PUBLISH_INTERVAL", "1s");
        env.put("FRESHET_TRAINING_PUBLISH_EVERY_EXAMPLES", "1500");
        env.put("FRESHET_TRAINING_MAX_WAIT", "200ms");
        return env;
    }

    private static void prepare(String set) throws Exception {
        store.register(TrainingData.featureSet(set));
        TrainingData.createTopic(endpoints.kafkaBootstrapServers(), set + ".examples");
    }

    /** Sends {@code total} examples in steps of 50 every {@code pauseMillis}, on a thread; counts what was acknowledged. */
    private static Thread produce(String set, long from, long total, long pauseMillis, AtomicLong sent) {
        Thread producer = new Thread(() -> {
            try (KafkaProducer<String, byte[]> p = TrainingData.producer(endpoints.kafkaBootstrapServers())) {
                for (long i = from; i < from + total; i += 50) {
                    TrainingData.send(p, set + ".examples", set, i, Math.min(i + 50, from + total));
                    sent.set(i + 50 - from);
                    Thread.sleep(pauseMillis);
                }
                sent.set(total);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-producer");
        producer.start();
        return producer;
    }

    @Test
    void killedTenTimesWhileAProducerRunsTheLineageLearnsEveryExampleOnce() throws Exception {
        String set = "killed";
        prepare(set);
        long total = 12_000;
        AtomicLong sent = new AtomicLong();
        Thread producer = produce(set, 0, total, 200, sent); // about 250 examples/s: some 48 s
        Random jitter = new Random(42);
        for (int kill = 1; kill <= 10; kill++) {
            ServiceProcess trainer = ServiceProcess.start(set + "-" + kill, trainerEnv(set), READY);
            // Killed at once, in a publish (every second), or between: the next start resumes from any of them.
            Thread.sleep(200 + jitter.nextInt(2_000));
            trainer.kill();
        }
        producer.join();
        assertThat(sent.get()).isEqualTo(total);
        try (ServiceProcess last = ServiceProcess.start(set + "-final", trainerEnv(set), READY)) {
            for (String model : List.of(set + "-linear", set + "-mlp")) {
                await().atMost(Duration.ofSeconds(120)).until(() -> examplesSeen(model) == total);
                assertOneLineageOfEveryExample(model, total);
            }
        }
    }

    @Test
    void aSecondTrainerStandsByAndTakesOverWhenTheFirstDies() throws Exception {
        String set = "paired";
        prepare(set);
        AtomicLong sent = new AtomicLong();
        ServiceProcess first = ServiceProcess.start(set + "-first", trainerEnv(set), READY);
        await().atMost(READY).until(() -> status(first).contains("\"state\":\"training\""));
        try (ServiceProcess second = ServiceProcess.start(set + "-second", trainerEnv(set), READY)) {
            assertThat(status(second)).contains("\"state\":\"standby\"").contains("another trainer holds the lock");
            produce(set, 0, 3_000, 50, sent).join();
            await().atMost(Duration.ofSeconds(60)).until(() -> examplesSeen(set + "-linear") == 3_000
                    && examplesSeen(set + "-mlp") == 3_000);
            assertThat(status(second)).contains("\"state\":\"standby\"");
            first.kill();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(second).contains("\"state\":\"training\""));
            produce(set, 3_000, 1_000, 50, sent).join();
            for (String model : List.of(set + "-linear", set + "-mlp")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> examplesSeen(model) == 4_000);
                assertOneLineageOfEveryExample(model, 4_000);
                Set<Long> byFirst = published(first.log(), model);
                Set<Long> bySecond = published(second.log(), model);
                assertThat(byFirst).as("versions by the first trainer").isNotEmpty();
                assertThat(bySecond).as("versions by the second, after the first died").isNotEmpty();
                assertThat(byFirst).doesNotContainAnyElementsOf(bySecond);
                Set<Long> all = new HashSet<>(byFirst);
                all.addAll(bySecond);
                assertThat(all).as("every version by exactly one of them")
                        .containsExactlyInAnyOrderElementsOf(registry.versions(model).stream().map(Manifest::version).toList());
                assertThat(bySecond.stream().mapToLong(Long::longValue).min().orElseThrow())
                        .isGreaterThan(byFirst.stream().mapToLong(Long::longValue).max().orElseThrow());
            }
        }
    }

    /**
     * A long pause (SIGSTOP, as a VM or container freeze does): the frozen trainer keeps its lock's session, so
     * the trainer standing by does not start a second writer; once it goes on (SIGCONT) it learns what came in
     * the meantime, and every example is learned once along one lineage of versions each published by one of them.
     */
    @Test
    void aTrainerPausedForLongResumesAndNothingIsLearnedTwice() throws Exception {
        String set = "paused";
        prepare(set);
        AtomicLong sent = new AtomicLong();
        try (ServiceProcess first = ServiceProcess.start(set + "-first", trainerEnv(set), READY);
             ServiceProcess second = ServiceProcess.start(set + "-second", trainerEnv(set), READY)) {
            await().atMost(READY).until(() -> status(first).contains("\"state\":\"training\""));
            assertThat(status(second)).contains("\"state\":\"standby\"");
            Thread producer = produce(set, 0, 6_000, 100, sent); // 500 examples/s for some 12 s
            Thread.sleep(2_000);
            first.pause();
            try {
                Thread.sleep(8_000); // eight times the publish interval and the standby's lock retry
                assertThat(status(second)).as("no second writer while the first is frozen")
                        .contains("\"state\":\"standby\"");
            } finally {
                first.resume();
            }
            producer.join();
            for (String model : List.of(set + "-linear", set + "-mlp")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> examplesSeen(model) == 6_000);
                assertOneLineageOfEveryExample(model, 6_000);
                assertThat(published(second.log(), model)).as("versions by the trainer standing by").isEmpty();
            }
            assertThat(status(first)).contains("\"state\":\"training\"");
        }
    }

    /**
     * The registry's S3 server down while versions are due: training goes on, publishing is retried, no version
     * is seen half-written; once the server is back the trainer publishes again, every version loads whole, and
     * every example is learned once. Then PostgreSQL frozen at publish is waited out, and a damaged newest
     * version makes the next trainer continue from the one before it.
     */
    @Test
    void theRegistryDownDuringPublishesIsWaitedOutWithNoHalfVersion() throws Exception {
        String set = "s3down";
        prepare(set);
        AtomicLong sent = new AtomicLong();
        try (ServiceProcess trainer = ServiceProcess.start(set, trainerEnv(set), READY)) {
            produce(set, 0, 1_000, 50, sent).join();
            await().atMost(Duration.ofSeconds(60)).until(() -> examplesSeen(set + "-linear") == 1_000);
            long before = registry.latestVersion(set + "-linear").orElseThrow();

            TestServers.stop(TestServers.S3);
            try {
                produce(set, 1_000, 2_000, 50, sent).join(); // learned while no version can be written
                await().atMost(Duration.ofSeconds(30)).until(() -> trainer.log().contains("Publishing failed"));
                Thread.sleep(3_000);
                assertThat(trainer.isAlive()).isTrue();
                assertThat(status(trainer)).contains("\"state\":\"training\"");
            } finally {
                TestServers.startStopped();
            }

            for (String model : List.of(set + "-linear", set + "-mlp")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> examplesSeen(model) == 3_000);
                assertOneLineageOfEveryExample(model, 3_000);
                for (Manifest manifest : registry.versions(model)) {
                    // Checked whole: size, SHA-256, class and output type of every version's artifact.
                    assertThat(registry.load(model, manifest.version(), Label.class).model()).isNotNull();
                }
            }
            assertThat(registry.latestVersion(set + "-linear").orElseThrow()).isGreaterThan(before);

            // PostgreSQL frozen for 8 s while versions are due: the lock check before each publish waits it out
            // (it gave up after 5 s and the trainer stopped).
            Thread stalled = produce(set, 3_000, 300, 100, sent);
            TestServers.pause(TestServers.POSTGRES, Duration.ofSeconds(8));
            stalled.join();
            for (String model : List.of(set + "-linear", set + "-mlp")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> examplesSeen(model) == 3_300);
                assertOneLineageOfEveryExample(model, 3_300);
            }
            assertThat(trainer.isAlive()).isTrue();
            assertThat(trainer.log()).doesNotContain("lost the trainers' lock");
        }

        // The newest linear version's artifact damaged while no trainer runs: the next one continues from the
        // version before it, says so, and its lineage still holds every example once.
        String linear = set + "-linear";
        Manifest damaged = latest(linear);
        Manifest parent = registry.manifest(linear, damaged.parentVersion()).orElseThrow();
        TrainingData.objectStore(endpoints).put(damaged.artifact().key(), "not a model".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream");
        try (ServiceProcess trainer = ServiceProcess.start(set + "-after-damage", trainerEnv(set), READY)) {
            produce(set, 3_300, 500, 50, sent).join();
            await().atMost(Duration.ofSeconds(90)).until(() -> examplesSeen(linear) == 3_800
                    && examplesSeen(set + "-mlp") == 3_800);
            assertThat(trainer.log()).contains(linear + " continues from version " + parent.version()
                    + ", the newest that loads: version " + damaged.version() + " cannot be loaded");
            List<Long> lineage = new ArrayList<>();
            for (Manifest v = latest(linear); ; v = registry.manifest(linear, v.parentVersion()).orElseThrow()) {
                lineage.add(v.version());
                if (v.parentVersion() == null) {
                    break;
                }
            }
            assertThat(lineage).as("the damaged version is left out of the lineage").doesNotContain(damaged.version())
                    .contains(parent.version());
            assertThat(latest(linear).kafkaOffsets().values().iterator().next().values().stream()
                    .mapToLong(Long::longValue).sum()).as("the whole topic, read once in this lineage").isEqualTo(3_800);
            assertOneLineageOfEveryExample(set + "-mlp", 3_800);
        }
    }

    @Test
    void anHttpsRegistryWithSecureOffIsRefusedAtStartWithTheFix() throws Exception {
        String set = "scheme";
        prepare(set);
        Map<String, String> env = trainerEnv(set);
        env.put("S3_ENDPOINT", endpoints.s3Endpoint().toString().replace("http://", "https://"));
        assertThatThrownBy(() -> ServiceProcess.start(set, env, READY)).hasMessageContaining("before it was ready");
        String log = Files.readString(Path.of(System.getProperty("freshet.service.logs", "target/process-it-logs"))
                .resolve(set + ".log"));
        assertThat(log).contains("is https but quarkus.minio.secure is false: set S3_SECURE=true");
        assertThat(registry.latestVersion(set + "-linear")).as("nothing published").isEmpty();
    }

    /** The newest version continues a chain of parents back to version 1 that holds every published version. */
    private static void assertOneLineageOfEveryExample(String model, long produced) {
        Manifest last = latest(model);
        assertThat(last.examplesSeen()).as(model + ": examples learned across the lineage").isEqualTo(produced);
        assertThat(last.kafkaOffsets().values().iterator().next().values().stream().mapToLong(Long::longValue).sum())
                .as(model + ": the lineage has read the whole topic").isEqualTo(produced);
        List<Long> lineage = new ArrayList<>();
        Manifest version = last;
        while (true) {
            lineage.add(version.version());
            if (version.parentVersion() == null) {
                break;
            }
            Manifest parent = registry.manifest(model, version.parentVersion()).orElseThrow();
            assertThat(version.examplesSeen()).isGreaterThanOrEqualTo(parent.examplesSeen());
            version = parent;
        }
        assertThat(lineage).as(model + ": no version outside the lineage (no fork)")
                .containsExactlyInAnyOrderElementsOf(registry.versions(model).stream().map(Manifest::version).toList());
    }

    private static Manifest latest(String model) {
        return registry.latestVersion(model).flatMap(v -> registry.manifest(model, v)).orElseThrow();
    }

    /** Examples learned across the newest version's lineage; -1 before the first version. */
    private static long examplesSeen(String model) {
        return registry.latestVersion(model).flatMap(v -> registry.manifest(model, v)).map(Manifest::examplesSeen)
                .orElse(-1L);
    }

    private static String status(ServiceProcess trainer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trainer.port() + "/training/status"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Set<Long> published(String log, String model) {
        Set<Long> versions = new HashSet<>();
        Matcher m = Pattern.compile(Pattern.quote(model) + ": published version (\\d+)").matcher(log);
        while (m.find()) {
            versions.add(Long.parseLong(m.group(1)));
        }
        return versions;
    }
}

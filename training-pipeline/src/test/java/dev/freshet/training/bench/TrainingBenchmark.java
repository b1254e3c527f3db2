package dev.freshet.training.bench;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The trainer end to end: the packaged service (a real process) trains the linear model on a backlog of
 * labelled examples of the drone set's size (12 features) on the local broker — decode, validate, test, train —
 * each 200,000 timed by its own learned-examples counter after a warm-up of 1,000,000; the baseline in the same
 * run is a bare consumer reading the same backlog without decoding it. Then a steady stream with a 1 s publish
 * interval gives the time from an interval's end until its version's manifest is in the registry, from the
 * service's own timer. Targets: 200,000 examples/s, and a manifest within 1 s.
 */
public final class TrainingBenchmark {

    private static final int PER_ROUND = 200_000;
    private static final int ROUNDS = Integer.getInteger("rounds", 10);
    /**
     * Rounds learned before timing starts: the service's C2 compiler kept a quarter to half of the two cores busy
     * for the first 20-30 s of a drain (per-thread CPU from /proc), so fewer rounds timed a JVM still compiling.
     */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("warm-up-rounds", 10);
    private static final String SET = "bench";
    /** The mlp learns several times slower: smaller rounds, fewer of them to warm up. */
    private static final int MLP_PER_ROUND = 50_000;
    private static final int MLP_WARM_UP_ROUNDS = Integer.getInteger("mlp-warm-up-rounds", 6);
    private static final String TOPIC = "bench.examples";

    private TrainingBenchmark() {}

    public static void main(String[] args) throws Exception {
        InfraEndpoints e = SharedInfra.endpoints();
        if (System.getProperty("freshet.service.jvm-args") == null) {
            // As the trainer is run (make training, the chart): the parallel collector.
            System.setProperty("freshet.service.jvm-args", "-Xmx1g -XX:+UseParallelGC");
        }
        FeatureStore store = migratedStore(e);
        store.register(featureSet());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        int backlog = PER_ROUND * (WARM_UP_ROUNDS + ROUNDS);
        try (KafkaProducer<String, byte[]> producer = producer(e)) {
            for (int i = 0; i < backlog; i++) {
                LabelledExampleMessage m = example(i);
                producer.send(new ProducerRecord<>(TOPIC, m.entityId(), Messages.toJson(m)));
            }
        }
        double baseline = bareConsume(e, TOPIC, backlog);

        Map<String, String> env = new HashMap<>();
        env.put("FRESHET_TRAINING_FEATURE_SET", SET);
        env.put("FRESHET_TRAINING_TOPIC", TOPIC);
        env.put("FRESHET_TRAINING_TRAIN", "linear");
        env.put("FRESHET_TRAINING_LOCK_NAME", SET);
        env.put("FRESHET_TRAINING_PUBLISH_INTERVAL", "1s");
        env.put("FRESHET_TRAINING_PUBLISH_EVERY_EXAMPLES", "100000000");
        double[] rates = new double[ROUNDS];
        String delays;
        double[] delay = new double[4]; // versions, median, p99, max (ms)
        try (ServiceProcess trainer = ServiceProcess.start("training-bench", env, Duration.ofSeconds(120))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trainer.port() + "/q/metrics")).build();
            time(http, metrics, SET + "-linear", PER_ROUND, WARM_UP_ROUNDS, rates);
            // A steady stream, 2,000 examples a second for 40 s: a version every second.
            try (KafkaProducer<String, byte[]> producer = producer(e)) {
                for (int second = 0; second < 40; second++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < 2_000; i++) {
                        LabelledExampleMessage m = example(backlog + second * 2_000 + i);
                        producer.send(new ProducerRecord<>(TOPIC, m.entityId(), Messages.toJson(m)));
                    }
                    producer.flush();
                    Thread.sleep(Math.max(0, 1_000 - (System.nanoTime() - start) / 1_000_000));
                }
            }
            Thread.sleep(2_000);
            delay[0] = metric(http, metrics, "freshet_training_publish_delay_seconds_count");
            delay[1] = 1000 * metric(http, metrics, "freshet_training_publish_delay_seconds{quantile=\"0.5\"");
            delay[2] = 1000 * metric(http, metrics, "freshet_training_publish_delay_seconds{quantile=\"0.99\"");
            delay[3] = 1000 * metric(http, metrics, "freshet_training_publish_delay_seconds_max");
            delays = String.format(Locale.ROOT, "%d versions: median %.0f ms, p99 %.0f ms, max %.0f ms",
                    (long) delay[0], delay[1], delay[2], delay[3]);
        }
        // The mlp on the same backlog, from its start, in a trainer of its own.
        env.put("FRESHET_TRAINING_TRAIN", "mlp");
        env.put("FRESHET_TRAINING_LOCK_NAME", SET + "-mlp");
        env.put("FRESHET_TRAINING_PUBLISH_INTERVAL", "30s");
        double[] mlpRates = new double[ROUNDS];
        try (ServiceProcess trainer = ServiceProcess.start("training-bench-mlp", env, Duration.ofSeconds(120))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trainer.port() + "/q/metrics")).build();
            time(http, metrics, SET + "-mlp", MLP_PER_ROUND, MLP_WARM_UP_ROUNDS, mlpRates);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[ROUNDS / 2];
        double[] mlpSorted = mlpRates.clone();
        Arrays.sort(mlpSorted);
        System.out.printf(Locale.ROOT, "| trainer, mlp [32]: the same backlog | %,d per round | %,.0f examples/s median | "
                + "%,.0f–%,.0f | %.2f× a bare consumer |%n", MLP_PER_ROUND, mlpSorted[ROUNDS / 2], mlpSorted[0],
                mlpSorted[ROUNDS - 1], mlpSorted[ROUNDS / 2] / baseline);
        System.out.printf(Locale.ROOT, "| trainer, linear: a backlog of freshet.examples (packaged service, 3 partitions, "
                + "12 features, -Xmx1g, parallel GC) | %,d per round | %,.0f examples/s median | %,.0f–%,.0f | %.2f× a bare consumer "
                + "(%,.0f records/s) |%n", PER_ROUND, median, sorted[0], sorted[ROUNDS - 1], median / baseline, baseline);
        System.out.printf(Locale.ROOT, "| trainer: interval end to manifest in the registry (1 s interval, 2,000 examples/s) "
                + "| %s |%n", delays);
        Target withinASecond = Target.atMost(1000, "issue 6");
        BenchRecorder.start(TrainingBenchmark.class, "Training pipeline: throughput and publish delay", 6)
                .setup(String.format(Locale.ROOT, "The packaged trainer (`-Xmx1g -XX:+UseParallelGC`, the services' "
                        + "default model settings: encodings, the linear model's cross, replay of 3 of the last 8,400) "
                        + "drains a backlog of %,d labelled examples of the drone set's shape (12 features: three one-hot "
                        + "types, hour and weekday categorical, seven numbers; 3 partitions, lz4) from the local broker: "
                        + "decode, validate, test at event time, train, prequential metrics, the drift detector, the "
                        + "champion scored beside it, a version every second; the linear model, then the mlp in a "
                        + "trainer of its own (%,d per round after %d rounds of warm-up). Each %,d examples are timed by the service's "
                        + "own `freshet_training_examples_learned_total` after %d rounds of warm-up. Baseline in the same "
                        + "run: a bare consumer with the trainer's settings reading the same backlog without decoding it. "
                        + "Then 2,000 examples a second for 40 s with a 1 s publish interval: the service's timer "
                        + "`freshet_training_publish_delay_seconds` measures from each interval's end until the manifest "
                        + "is in the registry (%.0f versions; p99 is the timer's histogram bucket).",
                        backlog, MLP_PER_ROUND, MLP_WARM_UP_ROUNDS, PER_ROUND, WARM_UP_ROUNDS, delay[0]))
                .figure(Figure.of("trainer throughput, linear, from the local broker", "examples/s", Stats.of(rates))
                        .target(Target.atLeast(200_000, "issues 6 and 20"))
                        .baseline("bare consumer", "records/s", Stats.single(baseline)))
                .figure(Figure.of("trainer throughput, mlp [32], from the local broker", "examples/s",
                        Stats.of(mlpRates)).target(Target.atLeast(50_000, "issue 20"))
                        .baseline("bare consumer", "records/s", Stats.single(baseline)))
                .figure(Figure.of("manifest in the registry after its interval ends, median", "ms",
                        Stats.single(delay[1])).target(withinASecond))
                .figure(Figure.of("manifest in the registry after its interval ends, p99", "ms",
                        Stats.single(delay[2])).target(withinASecond))
                .figure(Figure.of("manifest in the registry after its interval ends, slowest version", "ms",
                        Stats.single(delay[3])).target(withinASecond))
                .write();
        System.exit(0);
    }

    private static KafkaProducer<String, byte[]> producer(InfraEndpoints e) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The feature store of the shared servers, its schema migrated. */
    static FeatureStore migratedStore(InfraEndpoints e) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(e.jdbcUrl());
        ds.setUser(e.dbUser());
        ds.setPassword(e.dbPassword());
        FeatureStore store = new FeatureStore(ds);
        store.migrate();
        return store;
    }

    /** Records per second a consumer with the trainer's settings reads a backlog at, values untouched. */
    static double bareConsume(InfraEndpoints e, String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long bytes = 0;
            long start = System.nanoTime();
            while (read < count) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    bytes += record.value().length;
                }
            }
            double rate = read / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "bare consumer: %,d records (%,d bytes of values) at %,.0f records/s%n",
                    read, bytes, rate);
            return rate;
        }
    }

    /**
     * Times {@code rates.length} rounds of {@code perRound} examples after {@code warmUp} rounds, by the counter of
     * the model published as {@code model}.
     */
    static void time(HttpClient http, HttpRequest metrics, String model, int perRound, int warmUp,
                     double[] rates) throws Exception {
        String counter = "freshet_training_examples_learned_total{model=\"" + model + "\"";
        long last = System.nanoTime();
        for (int round = 0; round < warmUp + rates.length; round++) {
            while (metric(http, metrics, counter) < (long) perRound * (round + 1)) {
                Thread.sleep(100);
            }
            long now = System.nanoTime();
            double rate = perRound / ((now - last) / 1e9);
            if (round > 0 || warmUp == 0) { // round 0 includes the service's start
                System.out.printf(Locale.ROOT, "%s round %d%s: %,.0f examples/s%n", model, round + 1,
                        round < warmUp ? " (warm-up)" : "", rate);
            }
            if (round >= warmUp) {
                rates[round - warmUp] = rate;
            }
            last = now;
        }
    }

    /** The value of the first line of the service's metrics starting with {@code prefix}; 0 when there is none. */
    static double metric(HttpClient http, HttpRequest metrics, String prefix) throws Exception {
        for (String line : http.send(metrics, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /**
     * The drone set's shape and encodings: three one-hot type features grouped as {@code type}, the hour and the
     * weekday categorical, seven numbers; the linear model learns the declared {@code type*hour} cross.
     */
    static FeatureSet featureSet() {
        List<FeatureSpec> specs = new ArrayList<>(List.of(new FeatureSpec("type_a", true),
                new FeatureSpec("type_b", true), new FeatureSpec("type_c", true),
                FeatureSpec.categorical("hour", true, 0, 23), FeatureSpec.categorical("weekday", true, 1, 7)));
        for (int f = 0; f < 7; f++) {
            specs.add(new FeatureSpec("f" + f, true));
        }
        return new FeatureSet(SET, 1, "shop_id", specs, List.of("busy", "not_busy"),
                Map.of("type", List.of("type_a", "type_b", "type_c")), List.of("type*hour"));
    }

    /** Drone-sized: 12 features, a label that depends on the type by hour and on two numbers, 5 % noise. */
    private static LabelledExampleMessage example(int i) {
        Random random = new Random(i);
        Instant event = Instant.parse("2026-11-02T08:00:00Z").plusSeconds(i);
        Map<String, Double> features = new LinkedHashMap<>();
        int type = random.nextInt(3);
        for (int t = 0; t < 3; t++) {
            features.put("type_" + (char) ('a' + t), t == type ? 1.0 : 0.0);
        }
        int hour = random.nextInt(24);
        features.put("hour", (double) hour);
        features.put("weekday", (double) (1 + random.nextInt(7)));
        for (int f = 0; f < 7; f++) {
            features.put("f" + f, random.nextGaussian());
        }
        boolean busy = ((hour + 8 * type) % 24 < 8) ^ (features.get("f0") + 0.5 * features.get("f1") > 1)
                ^ random.nextDouble() < 0.05;
        return new LabelledExampleMessage(SET + "-" + i, SET, 1, "shop-" + i % 50, event, event.plusSeconds(3600),
                features, busy ? "busy" : "not_busy");
    }
}

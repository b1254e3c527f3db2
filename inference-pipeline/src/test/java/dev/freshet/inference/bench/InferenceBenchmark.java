package dev.freshet.inference.bench;

import static dev.freshet.inference.bench.InferenceBenchData.features;
import static dev.freshet.inference.bench.InferenceBenchData.metricSum;
import static dev.freshet.inference.bench.InferenceBenchData.producer;
import static dev.freshet.inference.bench.InferenceBenchData.publish;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Series;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.Messages;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.registry.store.MinioObjectStore;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The inference service end to end, as a real process on loopback with the real servers:
 * <ol>
 * <li>REST: {@link FixedRateLoad} on {@code POST /v2/models/{m}/infer} (one instance per request); the first
 * 30 s at 2,000 requests/s after ready on their own, a warm-up ({@code -Dwarmup}, seconds), {@code -Dwindows}
 * windows of 30 s at 2,000 requests/s, each followed by one against {@link BareHttpServer} (the same-run floor),
 * then rising rates to find the highest sustained one.</li>
 * <li>Publish to served: a new version published, made champion and announced on the events topic, 20 times;
 * the time from the announcement until {@code /v2/models/{m}} reports it.</li>
 * <li>Kafka path: a backlog of drone-sized feature vectors (12 features) answered onto the predictions topic,
 * timed per 100,000 by the service's own counter after {@code -Dkafka-warm-up-rounds} (20) rounds of warm-up;
 * baseline a bare consumer of the same backlog in the same run.</li>
 * </ol>
 * {@code -Dphases=rest} runs the first two only, {@code -Dphases=kafka} the last.
 */
public final class InferenceBenchmark {

    private static final String SET = "benchinf";
    private static final String MODEL = SET + "-linear";
    private static final String FEATURES = SET + ".features";
    private static final String PREDICTIONS = SET + ".predictions";
    private static final String EVENTS = SET + ".model-events";
    private static final int PER_ROUND = 100_000;
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    /**
     * Kafka rounds answered before timing starts: the service's JIT compilers took a third to two thirds of a core
     * through the first 25 s, so one warm-up round of 100,000 timed a JVM still compiling.
     */
    private static final int KAFKA_WARM_UP_ROUNDS = Integer.getInteger("kafka-warm-up-rounds", 20);
    private static final String PHASES = System.getProperty("phases", "rest,kafka");
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("warmup", 30));
    private static final int WINDOWS = Integer.getInteger("windows", 5);

    private InferenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        InfraEndpoints e = SharedInfra.endpoints();
        if (System.getProperty("freshet.service.jvm-args") == null) {
            System.setProperty("freshet.service.jvm-args", "-Xmx1g");
        }
        ModelRegistry registry = new ModelRegistry(MinioObjectStore.connect(e.s3Endpoint().toString(), e.s3AccessKey(),
                e.s3SecretKey(), e.s3Region(), "freshet-models"), RegistrySettings.defaults());
        publish(registry, SET, MODEL, false);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(FEATURES, 3, (short) 1), new NewTopic(PREDICTIONS, 3, (short) 1),
                    new NewTopic(EVENTS, 1, (short) 1))).all().get();
        }
        Map<String, String> env = new HashMap<>();
        env.put("FRESHET_INFERENCE_MODELS", MODEL);
        env.put("MP_MESSAGING_INCOMING_FEATURES_TOPIC", FEATURES);
        env.put("MP_MESSAGING_INCOMING_FEATURES_AUTO_OFFSET_RESET", "earliest");
        env.put("MP_MESSAGING_OUTGOING_PREDICTIONS_TOPIC", PREDICTIONS);
        env.put("MP_MESSAGING_INCOMING_MODEL_EVENTS_TOPIC", EVENTS);
        env.put("MP_MESSAGING_INCOMING_LABELS_TOPIC", SET + ".examples");
        env.put("FRESHET_INFERENCE_RELOAD_INTERVAL", "1h"); // versions come in through events only
        if (System.getProperty("warm-up-requests") != null) {
            env.put("FRESHET_INFERENCE_WARM_UP_REQUESTS", System.getProperty("warm-up-requests"));
        }
        BenchRecorder recorder = BenchRecorder.start(InferenceBenchmark.class, "Inference pipeline: REST, Kafka path, "
                + "publish to served", 7).setup("The packaged inference service (`-Xmx1g`) serving a linear model of 12 "
                + "features from the registry, everything on loopback with the real servers. REST: an open-model, "
                + "fixed-rate generator (16 keep-alive connections on plain sockets, nothing allocated per request) on "
                + "`POST /v2/models/{m}/infer`, one "
                + "instance per request; latency from each request's intended send time, so a stall counts for every "
                + "request it delayed; the first 30 s at 2,000 requests/s after the service reports ready recorded "
                + "apart (after its own warm-up, `freshet.inference.warm-up.requests`; the generator first runs 20 s "
                + "against the bare server, so that its code is compiled and the service untouched), " + WARM_UP.toSeconds() + " s more warm-up, " + WINDOWS + " windows of 30 s at 2,000 requests/s "
                + "(median and range of the windows' percentiles), each followed by a window against the baseline: a bare "
                + "Vert.x server in a JVM of its own (`-Xmx256m`) answering the service's own answer bytes to every "
                + "request, the floor this machine and generator set; then 10 s at each rising rate until one is not "
                + "answered in full. Publish to served: 20 times a new version published, made champion and "
                + "announced; the time until `GET /v2/models/{m}` reports it (polled every 2 ms; the scheduled check is "
                + "an hour away). Kafka path: a backlog of " + String.format(Locale.ROOT, "%,d", PER_ROUND * (KAFKA_WARM_UP_ROUNDS + ROUNDS))
                + " feature vectors (3 partitions) answered onto the predictions topic, each " + String.format(Locale.ROOT,
                "%,d", PER_ROUND) + " timed by the service's `freshet_inference_predictions_total{path=\"kafka\"}` after "
                + String.format(Locale.ROOT, "%,d", PER_ROUND * KAFKA_WARM_UP_ROUNDS) + " answered as warm-up; baseline a "
                + "bare consumer of the same backlog in the same run.");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // REST and reloads on a service of their own, with nothing on Kafka to answer.
        if (PHASES.contains("rest")) {
            try (ServiceProcess service = ServiceProcess.start("inference-bench-rest", env, Duration.ofSeconds(120));
                 FixedRateLoad load = new FixedRateLoad()) {
                String base = "http://127.0.0.1:" + service.port();
                rest(load, http, base, recorder);
                publishToServed(http, base, registry, e, recorder);
            }
        }
        if (PHASES.contains("kafka")) {
            // The Kafka path on a fresh one, draining a backlog written before it started.
            int backlog = PER_ROUND * (KAFKA_WARM_UP_ROUNDS + ROUNDS);
            try (KafkaProducer<String, byte[]> producer = producer(e)) {
                for (int i = 0; i < backlog; i++) {
                    FeatureVectorMessage m = features(SET, i);
                    producer.send(new ProducerRecord<>(FEATURES, m.entityId(), Messages.toJson(m)));
                }
            }
            double baseline = bareConsume(e, backlog);
            // No REST warm-up here: the backlog would be drained while it ran, before the timing begins.
            env.put("FRESHET_INFERENCE_WARM_UP_REQUESTS", "0");
            try (ServiceProcess service = ServiceProcess.start("inference-bench-kafka", env, Duration.ofSeconds(120))) {
                Stats rates = kafkaPath(http, "http://127.0.0.1:" + service.port());
                System.out.printf(Locale.ROOT, "Kafka path: %,.0f predictions/s median (%,.0f–%,.0f), bare consumer %,.0f "
                        + "records/s%n", rates.median(), rates.min(), rates.max(), baseline);
                recorder.figure(Figure.of("Kafka path: features answered onto the predictions topic", "predictions/s",
                        rates).target(Target.atLeast(100_000, "issue 7"))
                        .baseline("bare consumer", "records/s", Stats.single(baseline)));
            }
        }
        recorder.write();
        System.exit(0);
    }

    private static void rest(FixedRateLoad load, HttpClient http, String base, BenchRecorder recorder) throws Exception {
        URI infer = URI.create(base + "/v2/models/" + MODEL + "/infer");
        byte[][] bodies = InferenceBenchData.inferBodies(SET, 1000);
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(infer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[0])).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the service answered " + answer.statusCode() + ": " + new String(answer.body(),
                    StandardCharsets.UTF_8));
        }
        try (BareHttpServer bare = BareHttpServer.start(answer.body(), "-Xmx256m");
             FixedRateLoad bareLoad = new FixedRateLoad()) {
            URI bareInfer = URI.create("http://127.0.0.1:" + bare.port() + "/v2/models/" + MODEL + "/infer");
            // The generator warms up against the bare server, so that its own code is compiled and the service untouched.
            bareLoad.run(bareInfer, bodies, 2_000, Duration.ofSeconds(20));
            // The first half minute after ready: what a fresh replica gives its first users (its warm-up is over, the
            // JIT may still be compiling on cores shared with everything else). Its own figure.
            FixedRateLoad.Result cold = load.run(infer, bodies, 2_000, WINDOW);
            System.out.println(cold.row("REST infer, fixed rate, first 30 s after ready"));
            recorder.figure(Figure.of("REST infer at 2,000 requests/s, first 30 s after ready, p99", "ms",
                    Stats.single(cold.percentileMillis(99))));
            recorder.figure(Figure.of("REST infer at 2,000 requests/s, first 30 s after ready, requests not answered 200",
                    "requests", Stats.single(cold.errors())));
            load.run(infer, bodies, 2_000, WARM_UP);
            double[] p50 = new double[WINDOWS];
            double[] p99 = new double[WINDOWS];
            double[] p999 = new double[WINDOWS];
            double[] bareP50 = new double[WINDOWS];
            double[] bareP99 = new double[WINDOWS];
            double[] stolen = new double[WINDOWS];
            List<List<Double>> windows = new ArrayList<>();
            boolean keptUp = true;
            // Service and bare server in alternate windows, so that the machine's noise falls on both alike.
            for (int w = 0; w < WINDOWS; w++) {
                FixedRateLoad.Result fixed = load.run(infer, bodies, 2_000, WINDOW);
                System.out.println(fixed.row("REST infer, fixed rate, window " + (w + 1)));
                FixedRateLoad.Result floor = bareLoad.run(bareInfer, bodies, 2_000, WINDOW);
                System.out.println(floor.row("bare Vert.x server, fixed rate, window " + (w + 1)));
                p50[w] = fixed.percentileMillis(50);
                p99[w] = fixed.percentileMillis(99);
                p999[w] = fixed.percentileMillis(99.9);
                bareP50[w] = floor.percentileMillis(50);
                bareP99[w] = floor.percentileMillis(99);
                stolen[w] = fixed.cpu().stealPercent();
                keptUp &= fixed.keptUp();
                windows.add(List.of((double) w + 1, p50[w], p99[w], p999[w], fixed.latency().getMaxValue() / 1000.0,
                        fixed.sendLagMillis(99), fixed.cpu().busyPercent(), stolen[w], bareP50[w], bareP99[w],
                        floor.percentileMillis(99.9), floor.cpu().stealPercent()));
            }
            recorder.series(new Series("REST infer at 2,000 requests/s, 30 s windows, each followed by one against the "
                    + "bare server (sent late: the generator's own thread behind its schedule; stolen: CPU time the "
                    + "hypervisor took from this machine)", List.of("window", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                    "sent late p99 ms", "machine busy %", "stolen %", "bare p50 ms", "bare p99 ms", "bare p99.9 ms",
                    "bare stolen %"), windows));
            recorder.figure(Figure.of("CPU time stolen by the hypervisor during the 2,000 requests/s windows", "%",
                    Stats.of(stolen)));
            recorder.figure(Figure.of("REST infer at 2,000 requests/s, p50 per 30 s window", "ms", Stats.of(p50))
                    .baseline("bare Vert.x server, same generator", "ms", Stats.of(bareP50)));
            recorder.figure(Figure.of("REST infer at 2,000 requests/s, p99 per 30 s window", "ms", Stats.of(p99))
                    .target(Target.atMost(2, "issue 7"))
                    .baseline("bare Vert.x server, same generator", "ms", Stats.of(bareP99)));
            recorder.figure(Figure.of("REST infer at 2,000 requests/s, p99.9 per 30 s window", "ms", Stats.of(p999)));
            rising(load, infer, bodies, keptUp, recorder);
        }
    }

    private static void rising(FixedRateLoad load, URI infer, byte[][] bodies, boolean keptUp, BenchRecorder recorder)
            throws Exception {
        int highest = keptUp ? 2_000 : 0;
        List<List<Double>> rising = new ArrayList<>();
        for (int rate : new int[] {3_000, 4_000, 6_000, 8_000, 12_000, 16_000, 24_000, 32_000, 48_000}) {
            FixedRateLoad.Result r = load.run(infer, bodies, rate, Duration.ofSeconds(10));
            System.out.println(r.row("REST infer, rising rate"));
            rising.add(List.of((double) rate, r.achieved(), (double) r.errors(), r.percentileMillis(50),
                    r.percentileMillis(99), r.latency().getMaxValue() / 1000.0));
            if (!r.keptUp()) {
                break;
            }
            highest = rate;
        }
        recorder.figure(Figure.of("REST infer, highest rate answered in full (no error, ≥ 98 % answered, p99 < 100 ms)",
                "requests/s", Stats.single(highest)));
        recorder.series(new Series("REST infer at rising rates, 10 s each", List.of("offered req/s", "answered/s",
                "errors", "p50 ms", "p99 ms", "max ms"), rising));
    }

    private static Stats kafkaPath(HttpClient http, String base) throws Exception {
        HttpRequest metrics = HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build();
        double[] rates = new double[ROUNDS];
        double before = metricSum(http, metrics, "freshet_inference_predictions_total{", "path=\"kafka\"");
        if (before >= PER_ROUND * Math.max(1, KAFKA_WARM_UP_ROUNDS)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%,.0f of the backlog were answered before the "
                    + "timing began (the warm-up is %,d): the rates would be wrong", before,
                    PER_ROUND * Math.max(1, KAFKA_WARM_UP_ROUNDS)));
        }
        long last = System.nanoTime();
        int warmUp = Math.max(1, KAFKA_WARM_UP_ROUNDS); // round 0 includes the service's start
        for (int round = 0; round < warmUp + ROUNDS; round++) {
            while (metricSum(http, metrics, "freshet_inference_predictions_total{", "path=\"kafka\"") < (long) PER_ROUND * (round + 1)) {
                Thread.sleep(50);
            }
            long now = System.nanoTime();
            double rate = PER_ROUND / ((now - last) / 1e9);
            if (round > 0) {
                System.out.printf(Locale.ROOT, "Kafka round %d%s: %,.0f predictions/s%n", round + 1,
                        round < warmUp ? " (warm-up)" : "", rate);
            }
            if (round >= warmUp) {
                rates[round - warmUp] = rate;
            }
            last = now;
        }
        return Stats.of(rates);
    }

    private static void publishToServed(HttpClient http, String base, ModelRegistry registry, InfraEndpoints e,
                                        BenchRecorder recorder) throws Exception {
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(base + "/v2/models/" + MODEL)).build();
        double[] millis = new double[20];
        try (KafkaProducer<String, byte[]> producer = producer(e)) {
            for (int n = 0; n < millis.length; n++) {
                Manifest manifest = publish(registry, SET, MODEL, n % 2 == 0);
                var moved = registry.promote(MODEL, ModelRegistry.CHAMPION, manifest.version(), "benchmark");
                producer.send(new ProducerRecord<>(EVENTS, MODEL, ModelEvent.aliasMoved(MODEL, moved, null).toJson())).get();
                long announced = System.nanoTime();
                String expected = "\"versions\":[\"" + manifest.version() + "\"]";
                while (!http.send(metadata, HttpResponse.BodyHandlers.ofString()).body().contains(expected)) {
                    if (System.nanoTime() - announced > 30_000_000_000L) {
                        throw new IllegalStateException("version " + manifest.version() + " not served within 30 s");
                    }
                    Thread.sleep(2);
                }
                millis[n] = (System.nanoTime() - announced) / 1e6;
                Thread.sleep(200);
            }
        }
        Stats served = Stats.of(millis);
        System.out.printf(Locale.ROOT, "published version served: median %.0f ms of 20 (%.0f–%.0f ms)%n", served.median(),
                served.min(), served.max());
        recorder.figure(Figure.of("a published version served, from its announcement on model-events", "ms", served)
                .target(Target.atMost(1000, "issue 7")));
    }

    private static double bareConsume(InfraEndpoints e, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(), ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(FEATURES, 0), new TopicPartition(FEATURES, 1),
                    new TopicPartition(FEATURES, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long start = System.nanoTime();
            while (read < count) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }
}

package dev.freshet.inference.bench;

import dev.freshet.features.FeatureVectorMessage;
import dev.freshet.features.Messages;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.FeatureSchemaRef;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ManifestDraft;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
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

/**
 * The inference service end to end, as a real process on loopback with the real servers:
 * <ol>
 * <li>Kafka path: a backlog of drone-sized feature vectors (12 features) answered onto the predictions topic,
 * timed per 100,000 by the service's own counter (first round warm-up); baseline a bare consumer of the same
 * backlog in the same run.</li>
 * <li>REST: an open-model, fixed-rate load generator on {@code POST /v2/models/{m}/infer} (one instance per
 * request); latency from each request's <em>intended</em> send time, so a stall is not hidden (coordinated
 * omission); 2,000 requests/s for 30 s after a warm-up, then rising rates to find the highest sustained one.</li>
 * <li>Publish to served: a new version published, made champion and announced on the events topic, 20 times;
 * the time from the announcement until {@code /v2/models/{m}} reports it.</li>
 * </ol>
 */
public final class InferenceBenchmark {

    private static final String SET = "benchinf";
    private static final String MODEL = SET + "-linear";
    private static final String FEATURES = SET + ".features";
    private static final String PREDICTIONS = SET + ".predictions";
    private static final String EVENTS = SET + ".model-events";
    private static final int PER_ROUND = 100_000;
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int MAX_OUTSTANDING = 1024;
    /** {@code -Dphases=rest} runs the REST and reload phases only. */
    private static final String PHASES = System.getProperty("phases", "rest,kafka");
    private static final int CONNECTIONS = 32;
    private static final io.vertx.core.Vertx VERTX = io.vertx.core.Vertx.vertx();
    private static final io.vertx.core.http.HttpClient VERTX_CLIENT = VERTX.createHttpClient(
            new io.vertx.core.http.HttpClientOptions().setKeepAlive(true),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(CONNECTIONS));

    private InferenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        InfraEndpoints e = SharedInfra.endpoints();
        if (System.getProperty("freshet.service.jvm-args") == null) {
            System.setProperty("freshet.service.jvm-args", "-Xmx1g");
        }
        ModelRegistry registry = new ModelRegistry(MinioObjectStore.connect(e.s3Endpoint().toString(), e.s3AccessKey(),
                e.s3SecretKey(), e.s3Region(), "freshet-models"), RegistrySettings.defaults());
        publish(registry, false);
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
        List<String> lines = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // REST and reloads on a service of their own, with nothing on Kafka to answer.
        try (ServiceProcess service = ServiceProcess.start("inference-bench-rest", env, Duration.ofSeconds(120))) {
            String base = "http://127.0.0.1:" + service.port();
            rest(http, base, lines);
            print(lines, publishToServed(http, base, registry, e));
        }
        if (!PHASES.contains("kafka")) {
            lines.forEach(System.out::println);
            System.exit(0);
        }
        // The Kafka path on a fresh one, draining a backlog written before it started.
        int backlog = PER_ROUND * (ROUNDS + 1);
        try (KafkaProducer<String, byte[]> producer = producer(e)) {
            for (int i = 0; i < backlog; i++) {
                FeatureVectorMessage m = features(i);
                producer.send(new ProducerRecord<>(FEATURES, m.entityId(), Messages.toJson(m)));
            }
        }
        double baseline = bareConsume(e, backlog);
        try (ServiceProcess service = ServiceProcess.start("inference-bench-kafka", env, Duration.ofSeconds(120))) {
            print(lines, kafkaPath(http, "http://127.0.0.1:" + service.port(), baseline));
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.exit(0);
    }

    private static String kafkaPath(HttpClient http, String base, double baseline) throws Exception {
        HttpRequest metrics = HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build();
        double[] rates = new double[ROUNDS];
        long last = System.nanoTime();
        for (int round = 0; round <= ROUNDS; round++) {
            while (metricSum(http, metrics, "freshet_inference_predictions_total{", "path=\"kafka\"") < (long) PER_ROUND * (round + 1)) {
                Thread.sleep(50);
            }
            long now = System.nanoTime();
            if (round > 0) {
                rates[round - 1] = PER_ROUND / ((now - last) / 1e9);
            }
            last = now;
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[ROUNDS / 2];
        return String.format(Locale.ROOT, "| Kafka path: a backlog of freshet.features answered on freshet.predictions "
                + "(packaged service, 3 partitions, 12 features, -Xmx1g) | %,.0f predictions/s median of %d rounds of %,d "
                + "| %,.0f–%,.0f | %.2f× a bare consumer (%,.0f records/s) |", median, ROUNDS, PER_ROUND, sorted[0],
                sorted[ROUNDS - 1], median / baseline, baseline);
    }

    private static void print(List<String> lines, String line) {
        System.out.println(line);
        lines.add(line);
    }

    private static void rest(HttpClient http, String base, List<String> lines) throws Exception {
        URI infer = URI.create(base + "/v2/models/" + MODEL + "/infer");
        byte[][] bodies = new byte[1000][];
        for (int i = 0; i < bodies.length; i++) {
            FeatureVectorMessage f = features(1_000_000 + i);
            List<Map<String, Object>> inputs = new ArrayList<>();
            f.features().forEach((name, value) -> inputs.add(Map.of("name", name, "shape", List.of(1), "datatype", "FP64",
                    "data", List.of(value))));
            bodies[i] = Messages.toJson(Map.of("inputs", inputs));
        }
        run(http, infer, bodies, 2_000, Duration.ofSeconds(15)); // warm-up
        print(lines, run(http, infer, bodies, 2_000, Duration.ofSeconds(30)).row("REST infer, fixed rate"));
        for (int rate : new int[] {3_000, 4_000, 6_000, 8_000, 12_000, 16_000}) {
            Result r = run(http, infer, bodies, rate, Duration.ofSeconds(10));
            print(lines, r.row("REST infer, rising rate"));
            if (!r.keptUp()) {
                break;
            }
        }
    }

    /** One fixed-rate run's figures. */
    private record Result(int rate, long sent, long ok, long errors, double achieved, Histogram latency) {
        boolean keptUp() {
            return errors == 0 && achieved >= 0.98 * rate && latency.getValueAtPercentile(99) < 100_000;
        }

        String row(String what) {
            return String.format(Locale.ROOT, "| %s | %,d req/s offered, %,.0f answered/s | %,d sent, %d errors | p50 %.2f ms, "
                    + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms |", what, rate, achieved, sent, errors,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getValueAtPercentile(99.9) / 1000.0, latency.getMaxValue() / 1000.0);
        }
    }

    /**
     * Sends at {@code rate} requests/s on schedule, whatever the answers do; latency from the intended send time.
     * The client is Vert.x's (event loop, a pool of {@value #CONNECTIONS} keep-alive connections): the JDK's own
     * client could not send 2,000 requests/s here. More than {@value #MAX_OUTSTANDING} unanswered requests count
     * the next as an error instead of queueing it.
     */
    private static Result run(HttpClient http, URI uri, byte[][] bodies, int rate, Duration duration) throws Exception {
        Recorder recorder = new Recorder(3);
        java.util.concurrent.Semaphore outstanding = new java.util.concurrent.Semaphore(MAX_OUTSTANDING);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000;
        long total = duration.toSeconds() * rate;
        io.vertx.core.buffer.Buffer[] buffers = Arrays.stream(bodies).map(io.vertx.core.buffer.Buffer::buffer)
                .toArray(io.vertx.core.buffer.Buffer[]::new);
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // no spinning: both cores are shared with the service
            }
            if (!outstanding.tryAcquire()) {
                errors.incrementAndGet();
                continue;
            }
            io.vertx.core.buffer.Buffer body = buffers[(int) (i % buffers.length)];
            VERTX_CLIENT.request(io.vertx.core.http.HttpMethod.POST, uri.getPort(), uri.getHost(), uri.getPath())
                    .compose(request -> request.putHeader("Content-Type", "application/json").send(body))
                    .compose(response -> response.body().map(b -> response.statusCode()))
                    .onComplete(done -> {
                        outstanding.release();
                        recorder.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
                        if (done.succeeded() && done.result() == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    });
        }
        long sentDone = System.nanoTime();
        outstanding.acquire(MAX_OUTSTANDING); // every answer in
        outstanding.release(MAX_OUTSTANDING);
        double seconds = (Math.max(sentDone, System.nanoTime()) - start) / 1e9;
        return new Result(rate, total, ok.get(), errors.get(), ok.get() / seconds, recorder.getIntervalHistogram());
    }

    private static String publishToServed(HttpClient http, String base, ModelRegistry registry, InfraEndpoints e)
            throws Exception {
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(base + "/v2/models/" + MODEL)).build();
        double[] millis = new double[20];
        try (KafkaProducer<String, byte[]> producer = producer(e)) {
            for (int n = 0; n < millis.length; n++) {
                Manifest manifest = publish(registry, n % 2 == 0);
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
        Arrays.sort(millis);
        return String.format(Locale.ROOT, "| published version served, from its announcement on model-events | median %.0f ms "
                + "of 20 | %.0f–%.0f ms | target within 1 s |", (millis[9] + millis[10]) / 2, millis[0], millis[19]);
    }

    private static Manifest publish(ModelRegistry registry, boolean flipped) {
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear());
        for (int i = 0; i < 2_000; i++) {
            FeatureVectorMessage f = features(i);
            boolean busy = busy(f.features()) ^ flipped;
            learner.learn(new LabelledExample(FeatureVector.of(f.features()), busy ? "busy" : "not_busy"));
        }
        LearnerSnapshot snapshot = learner.snapshot();
        List<String> names = new ArrayList<>(features(0).features().keySet());
        ManifestDraft draft = new ManifestDraft("linear", learner.settings().asMap(), new FeatureSchemaRef(SET, 1, names),
                learner.labelNames(), Map.of("rolling.accuracy", 0.9), Map.of(), learner.examplesSeen(),
                registry.latestVersion(MODEL).orElse(null));
        return registry.publish(MODEL, snapshot.modelBytes(), snapshot.trainingState(), draft);
    }

    private static boolean busy(Map<String, Double> f) {
        return f.get("f0") + 0.5 * f.get("f1") > 0;
    }

    /** Drone-sized: 12 features. */
    private static FeatureVectorMessage features(int i) {
        Random random = new Random(i);
        Map<String, Double> features = new LinkedHashMap<>();
        for (int f = 0; f < 12; f++) {
            features.put("f" + f, random.nextGaussian());
        }
        Instant t = Instant.parse("2026-11-21T08:00:00Z").plusSeconds(i);
        return new FeatureVectorMessage(SET + "-" + i, SET, 1, "shop-" + i % 50, t, features);
    }

    private static KafkaProducer<String, byte[]> producer(InfraEndpoints e) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
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

    private static double metricSum(HttpClient http, HttpRequest metrics, String prefix, String contains) throws Exception {
        double sum = 0;
        for (String line : http.send(metrics, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
            if (line.startsWith(prefix) && line.contains(contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}

package dev.freshet.inference.bench;

import static dev.freshet.inference.bench.InferenceBenchData.metricSum;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Series;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.store.MinioObjectStore;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The soak run ({@code make soak}, issue 9): the packaged inference service under sustained load for
 * {@code -Dsoak.duration} (default 30 minutes) — REST at {@code -Dsoak.rate} requests/s (default 2,000, issue 7's
 * rate) from {@link FixedRateLoad}, and feature vectors on Kafka at {@code -Dsoak.kafka-rate} per second (default
 * 500) with their labels a few seconds later, so the live-accuracy join keeps state the whole time. Every minute:
 * REST latency percentiles of that minute, heap in use and after the last collection (live data), open file
 * handles, the process's resident memory, Kafka predictions per second. A leak shows as live data, files or
 * memory growing from minute to minute; a slow tail as p99 growing.
 */
public final class SoakBenchmark {

    private static final String SET = "soak";
    private static final String MODEL = SET + "-linear";
    private static final String FEATURES = SET + ".features";
    private static final String EXAMPLES = SET + ".examples";
    private static final double MB = 1024.0 * 1024.0;

    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.parse("PT" + System.getProperty("soak.duration", "30m").toUpperCase(Locale.ROOT));
        int rate = Integer.getInteger("soak.rate", 2_000);
        int kafkaRate = Integer.getInteger("soak.kafka-rate", 500);
        BenchRecorder recorder = BenchRecorder.start(SoakBenchmark.class, "Soak: inference under sustained load", 9)
                .command("make soak SOAK_DURATION=" + System.getProperty("soak.duration", "30m"));
        InfraEndpoints e = SharedInfra.endpoints();
        if (System.getProperty("freshet.service.jvm-args") == null) {
            System.setProperty("freshet.service.jvm-args", "-Xmx1g");
        }
        ModelRegistry registry = new ModelRegistry(MinioObjectStore.connect(e.s3Endpoint().toString(), e.s3AccessKey(),
                e.s3SecretKey(), e.s3Region(), "freshet-models"), RegistrySettings.defaults());
        InferenceBenchData.publish(registry, SET, MODEL, false);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(FEATURES, 3, (short) 1), new NewTopic(EXAMPLES, 3, (short) 1),
                    new NewTopic(SET + ".predictions", 3, (short) 1))).all().get();
        }
        Map<String, String> env = new HashMap<>();
        env.put("FRESHET_INFERENCE_MODELS", MODEL);
        env.put("MP_MESSAGING_INCOMING_FEATURES_TOPIC", FEATURES);
        env.put("MP_MESSAGING_OUTGOING_PREDICTIONS_TOPIC", SET + ".predictions");
        env.put("MP_MESSAGING_INCOMING_MODEL_EVENTS_TOPIC", SET + ".model-events");
        env.put("MP_MESSAGING_INCOMING_LABELS_TOPIC", EXAMPLES);

        List<List<Double>> minutes = new ArrayList<>();
        Histogram all = new Histogram(3);
        long errors = 0;
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong produced = new AtomicLong();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServiceProcess service = ServiceProcess.start("inference-soak", env, Duration.ofSeconds(120));
             FixedRateLoad load = new FixedRateLoad()) {
            URI infer = URI.create("http://127.0.0.1:" + service.port() + "/v2/models/" + MODEL + "/infer");
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/q/metrics")).build();
            Thread producer = new Thread(() -> produce(e, kafkaRate, producing, produced), "soak-producer");
            producer.start();
            byte[][] bodies = InferenceBenchData.inferBodies(SET, 1000);
            load.run(infer, bodies, rate, Duration.ofSeconds(30)); // warm-up
            double kafkaBefore = metricSum(http, metrics, "freshet_inference_predictions_total{", "path=\"kafka\"");
            long minuteCount = Math.max(1, duration.toMinutes());
            for (long minute = 1; minute <= minuteCount; minute++) {
                long start = System.nanoTime();
                FixedRateLoad.Result r = load.run(infer, bodies, rate, Duration.ofMinutes(1));
                double seconds = (System.nanoTime() - start) / 1e9;
                all.add(r.latency());
                errors += r.errors();
                double kafkaNow = metricSum(http, metrics, "freshet_inference_predictions_total{", "path=\"kafka\"");
                List<Double> row = List.of((double) minute, r.achieved(), (double) r.errors(), r.percentileMillis(50),
                        r.percentileMillis(99), r.percentileMillis(99.9), r.latency().getMaxValue() / 1000.0,
                        metricSum(http, metrics, "jvm_memory_used_bytes{", "area=\"heap\"") / MB,
                        metricSum(http, metrics, "jvm_gc_live_data_size_bytes", "") / MB,
                        metricSum(http, metrics, "process_files_open_files", ""), residentMegabytes(service.pid()),
                        (kafkaNow - kafkaBefore) / seconds, r.sendLagMillis(99), r.cpu().stealPercent());
                kafkaBefore = kafkaNow;
                minutes.add(row);
                System.out.printf(Locale.ROOT, "minute %d: %,.0f answered/s, %d errors, p50 %.2f ms, p99 %.2f ms, max %.1f ms, "
                        + "heap %.0f MB (live %.0f MB), %.0f files, RSS %.0f MB, Kafka %,.0f predictions/s, sent late p99 "
                        + "%.2f ms, stolen %.0f %%%n", minute, row.get(1), r.errors(), row.get(3), row.get(4), row.get(6),
                        row.get(7), row.get(8), row.get(9), row.get(10), row.get(11), row.get(12), row.get(13));
            }
            producing.set(false);
            producer.join();
        }
        List<Double> first = minutes.get(0);
        List<Double> last = minutes.get(minutes.size() - 1);
        recorder.setup(String.format(Locale.ROOT, "The packaged inference service (`-Xmx1g`, a linear model of 12 "
                        + "features) for %d min after a 30 s warm-up: REST `POST /v2/models/{m}/infer` at %,d "
                        + "requests/s from the open-model fixed-rate generator, and %,d feature vectors a second on Kafka "
                        + "with their labels on the examples topic a few seconds later (predictions answered and joined "
                        + "for live accuracy). Every minute the service's own metrics are read: heap in use, live data "
                        + "after the last collection (G1 updates it only after an old-generation collection: flat when "
                        + "none happened; the heap in use falling back after each young collection shows the same), open "
                        + "files; the resident memory from /proc; how late the generator's own thread sent (p99) and "
                        + "the share of CPU time the hypervisor took from this machine (/proc/stat). %,d feature vectors were sent in all.", minutes.size(), rate, kafkaRate, produced.get()))
                .figure(Figure.of("REST p99 over the whole soak", "ms", Stats.single(all.getValueAtPercentile(99) / 1000.0))
                        .target(Target.atMost(2, "issue 7")))
                .figure(Figure.of("REST p99 per minute", "ms", Stats.of(minutes.stream().map(m -> m.get(4)).toList())))
                .figure(Figure.of("REST requests not answered 200", "requests", Stats.single(errors)))
                .figure(Figure.of("live data after GC, per minute", "MB", Stats.of(minutes.stream().map(m -> m.get(8)).toList())))
                .figure(Figure.of("open files, per minute", "files", Stats.of(minutes.stream().map(m -> m.get(9)).toList())))
                .figure(Figure.of("resident memory, per minute", "MB", Stats.of(minutes.stream().map(m -> m.get(10)).toList())))
                .series(new Series("Minute by minute", List.of("minute", "answered/s", "errors", "p50 ms", "p99 ms",
                        "p99.9 ms", "max ms", "heap MB", "live MB", "open files", "RSS MB", "Kafka predictions/s",
                        "sent late p99 ms", "stolen %"), minutes))
                .note(String.format(Locale.ROOT, "From the first minute to the last: live data %.0f → %.0f MB, open files "
                        + "%.0f → %.0f, resident memory %.0f → %.0f MB, p99 %.2f → %.2f ms.", first.get(8), last.get(8),
                        first.get(9), last.get(9), first.get(10), last.get(10), first.get(4), last.get(4)));
        recorder.write();
        System.exit(0);
    }

    /** Feature vectors at {@code perSecond}, each one's labelled example five seconds later. */
    private static void produce(InfraEndpoints e, int perSecond, AtomicBoolean producing, AtomicLong produced) {
        try (KafkaProducer<String, byte[]> producer = InferenceBenchData.producer(e)) {
            long i = 0;
            while (producing.get()) {
                long start = System.nanoTime();
                for (int n = 0; n < perSecond; n++, i++) {
                    FeatureVectorMessage f = InferenceBenchData.features(SET, i);
                    producer.send(new ProducerRecord<>(FEATURES, f.entityId(), Messages.toJson(f)));
                    long labelled = i - 5L * perSecond;
                    if (labelled >= 0) {
                        LabelledExampleMessage x = InferenceBenchData.example(SET, labelled);
                        producer.send(new ProducerRecord<>(EXAMPLES, x.entityId(), Messages.toJson(x)));
                    }
                }
                produced.set(i);
                Thread.sleep(Math.max(0, 1_000 - (System.nanoTime() - start) / 1_000_000));
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static double residentMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException ex) {
            // not Linux: no reading
        }
        return Double.NaN;
    }
}

package dev.freshet.pipeline.bench;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.contract.Topics;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The feature-store sink end to end: the packaged service (a real process) consumes labelled examples of
 * the drone set's size from a backlog on {@code freshet.examples} (written before it starts, as when a sink
 * catches up) and stores them; each round of the backlog is timed by the sink's own stored-examples
 * counter. The first round warms up. Prints and records the median and spread of the rounds. Target: at least
 * 30,000 rows/s.
 */
public final class SinkBenchmark {

    private static final int PER_ROUND = 200_000;
    private static final int ROUNDS = Integer.getInteger("rounds", 5);

    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        InfraEndpoints e = SharedInfra.endpoints();
        // A sink's heap as deployed; 256 MB (the tests' default) spends a fifth of the time in GC.
        if (System.getProperty("freshet.service.jvm-args") == null) {
            System.setProperty("freshet.service.jvm-args", "-Xmx1g");
        }
        // The service creates the topics with their partitions; stopped, it leaves the backlog to come.
        ServiceProcess.start("sink-bench-setup", Map.of(), Duration.ofSeconds(120)).close();
        int total = PER_ROUND * (ROUNDS + 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                LabelledExampleMessage m = example("bench-sink", i);
                producer.send(new ProducerRecord<>(Topics.EXAMPLES, m.entityId(), Messages.toJson(m)));
            }
        }
        double[] rates = new double[ROUNDS];
        try (ServiceProcess sink = ServiceProcess.start("sink-bench", Map.of(), Duration.ofSeconds(120))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + "/q/metrics")).build();
            long last = System.nanoTime();
            for (int round = 0; round <= ROUNDS; round++) {
                while (stored(http, metrics) < (long) PER_ROUND * (round + 1)) {
                    Thread.sleep(250); // a scrape costs the service CPU: not too often
                }
                long now = System.nanoTime();
                if (round > 0) { // the first round warms the JIT up
                    rates[round - 1] = PER_ROUND / ((now - last) / 1e9);
                }
                last = now;
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| sink: a backlog of freshet.examples into PostgreSQL (packaged service, "
                + "3 partitions, 3 writers, -Xmx1g) | %,d per round | %,.0f rows/s median | %,.0f–%,.0f |%n", PER_ROUND,
                sorted[ROUNDS / 2], sorted[0], sorted[ROUNDS - 1]);
        BenchRecorder.start(SinkBenchmark.class, "Feature pipeline: sink", 5)
                .setup(String.format(Locale.ROOT, "The packaged service (%s) drains a backlog of %,d labelled examples "
                        + "of 12 features on freshet.examples (3 partitions, written before it starts, as when a sink "
                        + "catches up) into the local PostgreSQL. Each %,d stored examples are timed by the service's own "
                        + "freshet_sink_examples_stored_total, scraped every 250 ms; the first round warms up, then %d "
                        + "measured rounds: median and min–max of their rows/s. No baseline.",
                        System.getProperty("freshet.service.jvm-args"), total, PER_ROUND, ROUNDS))
                .figure(Figure.of("sink: a backlog of examples into PostgreSQL", "rows/s", Stats.of(rates))
                        .target(Target.atLeast(30_000, "issue 5")))
                .write();
        System.exit(0);
    }

    /** The sink's own count of stored examples, from its Prometheus metrics (cheaper than counting rows). */
    private static long stored(HttpClient http, HttpRequest metrics) throws Exception {
        for (String line : http.send(metrics, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
            if (line.startsWith("freshet_sink_examples_stored_total")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static LabelledExampleMessage example(String featureSet, int i) {
        Instant event = Instant.parse("2026-11-02T08:00:00Z").plusSeconds(i);
        Map<String, Double> features = new LinkedHashMap<>();
        for (int f = 0; f < 12; f++) {
            features.put("f" + f, (i * 31 + f) % 97 / 7.0);
        }
        return new LabelledExampleMessage(featureSet + "-" + i, featureSet, 1, "shop-" + i % 50, event,
                event.plusSeconds(3600), features, i % 2 == 0 ? "busy" : "not_busy");
    }
}

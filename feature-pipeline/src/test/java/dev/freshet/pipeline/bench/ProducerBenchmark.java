package dev.freshet.pipeline.bench;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.pipeline.publish.MessageSerializer;
import dev.freshet.pipeline.source.drone.DroneSimulator;
import dev.freshet.pipeline.source.drone.Observation;
import dev.freshet.testinfra.SharedInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drone feature events per second into the local broker through a Kafka producer with the service's
 * settings (acks=all, idempotence, {@link MessageSerializer}) and batching (linger 20 ms, 256 KiB batches,
 * lz4, as in application.properties; -Dlinger and -Dcompression change the last two). Every send is acknowledged
 * before a round ends. Prints and records the median and spread of the rounds. Target: at least 100,000 events/s.
 */
public final class ProducerBenchmark {

    private static final int PER_ROUND = 200_000;
    private static final int ROUNDS = 5;
    private static final int DEFAULT_LINGER_MS = 20;
    private static final String DEFAULT_COMPRESSION = "lz4";

    private ProducerBenchmark() {}

    public static void main(String[] args) throws Exception {
        InfraEndpoints e = SharedInfra.endpoints();
        String topic = "bench-features";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", e.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        List<FeatureVectorMessage> messages = new ArrayList<>();
        DroneSimulator simulator = new DroneSimulator(1, 500, Instant.MAX);
        for (Instant hour = Instant.parse("2026-11-02T00:00:00Z"); messages.size() < PER_ROUND; hour = hour.plus(Duration.ofHours(1))) {
            for (Observation o : simulator.hour(hour)) {
                messages.add(o.features());
            }
        }
        double[] rates = new double[ROUNDS];
        int linger = Integer.getInteger("linger", DEFAULT_LINGER_MS);
        String compression = System.getProperty("compression", DEFAULT_COMPRESSION);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, linger,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression), new StringSerializer(), new MessageSerializer())) {
            for (int round = 0; round <= ROUNDS; round++) {
                AtomicLong failed = new AtomicLong();
                java.util.concurrent.atomic.AtomicReference<Exception> firstError = new java.util.concurrent.atomic.AtomicReference<>();
                long start = System.nanoTime();
                for (int i = 0; i < PER_ROUND; i++) {
                    FeatureVectorMessage m = messages.get(i);
                    producer.send(new ProducerRecord<>(topic, m.entityId(), m), (meta, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                    });
                }
                producer.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (failed.get() > 0) {
                    throw new IllegalStateException(failed.get() + " sends failed", firstError.get());
                }
                if (round > 0) {
                    rates[round - 1] = PER_ROUND / seconds;
                }
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| drone feature events into Kafka, acks=all, idempotent | %,d per round | %,.0f events/s median | %,.0f–%,.0f |%n",
                PER_ROUND, sorted[ROUNDS / 2], sorted[0], sorted[ROUNDS - 1]);
        boolean serviceSettings = linger == DEFAULT_LINGER_MS && compression.equals(DEFAULT_COMPRESSION);
        Figure figure = Figure.of(String.format(Locale.ROOT, "producer: drone feature events into Kafka, linger %d ms, %s%s",
                linger, compression, serviceSettings ? " (the service's settings)" : ""), "events/s", Stats.of(rates));
        BenchRecorder.start(ProducerBenchmark.class, "Feature pipeline: producer", 5)
                .setup(String.format(Locale.ROOT, "Drone feature vectors (the simulator's 500 shops) sent to a topic of "
                        + "3 partitions on the local broker through a Kafka producer with the service's settings: "
                        + "acks=all, idempotence, the service's JSON MessageSerializer, 256 KiB batches; here linger "
                        + "%d ms and %s compression (the service: %d ms, %s; -Dlinger and -Dcompression change them). "
                        + "%d rounds of %,d events after one warm-up round, every send acknowledged before a round ends; "
                        + "median and min–max of the rounds' events/s. No baseline: one setting per run.", linger,
                        compression, DEFAULT_LINGER_MS, DEFAULT_COMPRESSION, ROUNDS, PER_ROUND))
                .figure(serviceSettings ? figure.target(Target.atLeast(100_000, "issue 5")) : figure)
                .write();
        System.exit(0);
    }
}

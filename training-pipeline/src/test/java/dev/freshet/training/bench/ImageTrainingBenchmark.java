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
import dev.freshet.learn.data.FashionMnist;
import dev.freshet.learn.data.IdxImages;
import dev.freshet.testinfra.ServiceProcess;
import dev.freshet.testinfra.SharedInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Images through the trainer from Kafka: the 60,000 Fashion-MNIST training images (Debian's files; the 2,000 bundled
 * ones cycled when those are absent) as the image source writes them — 784 pixels {@code px0..px783} by name, the
 * class as the label — on the local broker; the packaged trainer decodes, validates, tests, learns and publishes as
 * it does for any feature set, timed by its own learned-examples counter. Baseline in the same run: a bare consumer
 * reading the same records without decoding them. The rate the benchmark itself encodes and sends the images at is
 * reported beside it: the feature pipeline's work per image.
 */
public final class ImageTrainingBenchmark {

    private static final String SET = "fashion";
    private static final String TOPIC = "bench.images";
    private static final int IMAGES = 60_000;
    private static final int PER_ROUND = 5_000;
    private static final int WARM_UP_ROUNDS = 2;

    private ImageTrainingBenchmark() {}

    public static void main(String[] args) throws Exception {
        InfraEndpoints e = SharedInfra.endpoints();
        if (System.getProperty("freshet.service.jvm-args") == null) {
            System.setProperty("freshet.service.jvm-args", "-Xmx1g -XX:+UseParallelGC");
        }
        IdxImages images = FashionMnist.installed() ? FashionMnist.training() : FashionMnist.bundledSubset();
        String data = FashionMnist.installed() ? "Debian's 60,000 training images" : "the 2,000 bundled images, cycled";
        FeatureStore store = TrainingBenchmark.migratedStore(e);
        List<FeatureSpec> pixels = IntStream.range(0, images.pixels()).mapToObj(p -> new FeatureSpec("px" + p, true))
                .toList();
        store.register(new FeatureSet(SET, 1, "image", pixels, FashionMnist.LABEL_NAMES));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        double[] buffer = new double[images.pixels()];
        long sendStart = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1_048_576,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            Instant start = Instant.now().minusSeconds(IMAGES);
            for (int i = 0; i < IMAGES; i++) {
                int image = i % images.count();
                images.pixels(image, buffer);
                Map<String, Double> features = new LinkedHashMap<>();
                for (int p = 0; p < buffer.length; p++) {
                    features.put("px" + p, buffer[p]);
                }
                Instant seen = start.plusSeconds(i);
                String id = SET + "-" + i;
                byte[] json = Messages.toJson(new LabelledExampleMessage(id, SET, 1, id, seen, seen, features,
                        FashionMnist.LABEL_NAMES.get(images.label(image))));
                bytes += json.length;
                producer.send(new ProducerRecord<>(TOPIC, id, json));
            }
        }
        double sendRate = IMAGES / ((System.nanoTime() - sendStart) / 1e9);
        System.out.printf(Locale.ROOT, "sent %,d images (%,d bytes of JSON) at %,.0f images/s%n", IMAGES, bytes, sendRate);
        double baseline = TrainingBenchmark.bareConsume(e, TOPIC, IMAGES);

        Map<String, String> env = new HashMap<>();
        env.put("FRESHET_TRAINING_FEATURE_SET", SET);
        env.put("FRESHET_TRAINING_TOPIC", TOPIC);
        env.put("FRESHET_TRAINING_PUBLISH_INTERVAL", "30s");
        Map<String, double[]> rates = new LinkedHashMap<>();
        for (String model : System.getProperty("models", "linear,mlp").split(",")) {
            env.put("FRESHET_TRAINING_TRAIN", model);
            env.put("FRESHET_TRAINING_LOCK_NAME", SET + "-" + model);
            double[] modelRates = new double[IMAGES / PER_ROUND - WARM_UP_ROUNDS];
            try (ServiceProcess trainer = ServiceProcess.start("training-images-" + model, env, Duration.ofSeconds(120))) {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trainer.port()
                        + "/q/metrics")).build();
                TrainingBenchmark.time(http, metrics, SET + "-" + model, PER_ROUND, WARM_UP_ROUNDS, modelRates);
            }
            rates.put(model, modelRates);
        }
        Map<String, String> lines = new LinkedHashMap<>();
        rates.forEach((model, r) -> {
            double[] sorted = r.clone();
            Arrays.sort(sorted);
            lines.put(model, String.format(Locale.ROOT, "%,.0f images/s (%,.0f-%,.0f), %.2f× a bare consumer",
                    sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted[sorted.length / 2] / baseline));
        });
        System.out.printf(Locale.ROOT, "trainer from Kafka, 784 pixels: %s%n", lines);
        if (rates.size() < 2) {
            System.exit(0); // a partial run (-Dmodels=...) records nothing
        }
        BenchRecorder.start(ImageTrainingBenchmark.class, "Training pipeline: images from Kafka", 23)
                .setup(String.format(Locale.ROOT, "%s as the image source writes them (784 pixels px0..px783 by name, "
                        + "%,d bytes of JSON an image on average), %,d on the local broker (3 partitions, lz4). The "
                        + "packaged trainer (`-Xmx1g -XX:+UseParallelGC`, the services' defaults for the feature set "
                        + "`fashion`) drains them from the start: decode, validate, test at event time, train, "
                        + "prequential metrics, the drift detector; the linear model, then the mlp in a trainer of its "
                        + "own. Each %,d images are timed by the service's own `freshet_training_examples_learned_total` "
                        + "after %d rounds of warm-up. Baseline in the same run: a bare consumer with the trainer's "
                        + "settings reading the same records without decoding them. Beside it: the rate this benchmark "
                        + "encoded (Messages.toJson) and sent the images at, %,.0f images/s, which bounds a single "
                        + "producer thread of the feature pipeline.", data, bytes / IMAGES, IMAGES, PER_ROUND,
                        WARM_UP_ROUNDS, sendRate))
                .figure(Figure.of("trainer throughput, linear, 784-pixel images from the local broker", "images/s",
                        Stats.of(rates.get("linear"))).target(Target.atLeast(10_000, "issue 23"))
                        .baseline("bare consumer", "records/s", Stats.single(baseline)))
                .figure(Figure.of("trainer throughput, mlp [32] with replay, 784-pixel images from the local broker",
                        "images/s", Stats.of(rates.get("mlp"))).baseline("bare consumer", "records/s",
                        Stats.single(baseline)))
                .figure(Figure.of("images encoded as JSON and sent, one producer thread", "images/s",
                        Stats.single(sendRate)))
                .write();
        System.exit(0);
    }
}

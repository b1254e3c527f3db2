package dev.freshet.inference.bench;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The inference benchmarks' data: drone-sized feature vectors (12 features), a linear model of them, clients. */
final class InferenceBenchData {

    private InferenceBenchData() {}

    static boolean busy(Map<String, Double> f) {
        return f.get("f0") + 0.5 * f.get("f1") > 0;
    }

    /** Feature vector {@code i} of feature set {@code set}: 12 features. */
    static FeatureVectorMessage features(String set, long i) {
        Random random = new Random(i);
        Map<String, Double> features = new LinkedHashMap<>();
        for (int f = 0; f < 12; f++) {
            features.put("f" + f, random.nextGaussian());
        }
        Instant t = Instant.parse("2026-11-21T08:00:00Z").plusSeconds(i);
        return new FeatureVectorMessage(set + "-" + i, set, 1, "shop-" + i % 50, t, features);
    }

    /** The labelled example of feature vector {@code i}, its label known a minute later. */
    static LabelledExampleMessage example(String set, long i) {
        FeatureVectorMessage f = features(set, i);
        return new LabelledExampleMessage(f.eventId(), set, 1, f.entityId(), f.eventTime(), f.eventTime().plusSeconds(60),
                f.features(), busy(f.features()) ? "busy" : "not_busy");
    }

    /** Open Inference Protocol bodies, one instance each, one input per feature. */
    static byte[][] inferBodies(String set, int count) {
        byte[][] bodies = new byte[count][];
        for (int i = 0; i < count; i++) {
            FeatureVectorMessage f = features(set, 1_000_000 + i);
            List<Map<String, Object>> inputs = new ArrayList<>();
            f.features().forEach((name, value) -> inputs.add(Map.of("name", name, "shape", List.of(1), "datatype", "FP64",
                    "data", List.of(value))));
            bodies[i] = Messages.toJson(Map.of("inputs", inputs));
        }
        return bodies;
    }

    /** A linear model of 2,000 examples (the concept flipped when asked), published as the next version. */
    static Manifest publish(ModelRegistry registry, String set, String model, boolean flipped) {
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear());
        for (int i = 0; i < 2_000; i++) {
            FeatureVectorMessage f = features(set, i);
            boolean busy = busy(f.features()) ^ flipped;
            learner.learn(new LabelledExample(FeatureVector.of(f.features()), busy ? "busy" : "not_busy"));
        }
        LearnerSnapshot snapshot = learner.snapshot();
        List<String> names = new ArrayList<>(features(set, 0).features().keySet());
        ManifestDraft draft = new ManifestDraft("linear", learner.settings().asMap(), new FeatureSchemaRef(set, 1, names),
                learner.labelNames(), Map.of("rolling.accuracy", 0.9), Map.of(), learner.examplesSeen(),
                registry.latestVersion(model).orElse(null));
        return registry.publish(model, snapshot.modelBytes(), snapshot.trainingState(), draft);
    }

    static KafkaProducer<String, byte[]> producer(InfraEndpoints e) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The sum of the Prometheus samples whose line starts with {@code prefix} and contains {@code contains}. */
    static double metricSum(HttpClient http, HttpRequest metrics, String prefix, String contains) throws Exception {
        double sum = 0;
        for (String line : http.send(metrics, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
            if (line.startsWith(prefix) && line.contains(contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}

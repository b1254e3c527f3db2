package dev.freshet.inference;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Models and messages for inference tests: the label is {@code up} when x1 + x2 > 0 ({@code flipped} models learn
 * the opposite, so two versions answer differently), plus a noise feature.
 */
public final class InferenceData {

    public static final List<String> FEATURES = List.of("x1", "x2", "noise");

    private InferenceData() {}

    public static Map<String, Double> features(long i) {
        Random random = new Random(i * 7919 + 17);
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("x1", random.nextDouble() * 2 - 1);
        features.put("x2", random.nextDouble() * 2 - 1);
        features.put("noise", random.nextGaussian());
        return features;
    }

    public static String label(Map<String, Double> features) {
        return features.get("x1") + features.get("x2") > 0 ? "up" : "down";
    }

    /** A learner trained on {@code examples} examples of the concept (or its opposite). */
    public static NetworkLearner trained(String algorithm, int examples, boolean flipped) {
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.MLP.equals(algorithm)
                ? LearnerSettings.mlp().withHiddenSizes(8) : LearnerSettings.linear());
        for (int i = 0; i < examples; i++) {
            Map<String, Double> f = features(i);
            String label = label(f);
            if (flipped) {
                label = label.equals("up") ? "down" : "up";
            }
            learner.learn(new LabelledExample(FeatureVector.of(f), label));
        }
        return learner;
    }

    /** Publishes the learner's current weights as the next version of {@code model}. */
    public static Manifest publish(ModelRegistry registry, String model, String featureSet, NetworkLearner learner) {
        LearnerSnapshot snapshot = learner.snapshot();
        Long parent = registry.latestVersion(model).orElse(null);
        ManifestDraft draft = new ManifestDraft(learner.algorithm(), learner.settings().asMap(),
                new FeatureSchemaRef(featureSet, 1, FEATURES), learner.labelNames(), Map.of("rolling.accuracy", 0.9),
                Map.of(), learner.examplesSeen(), parent);
        return registry.publish(model, snapshot.modelBytes(), snapshot.trainingState(), draft);
    }

    public static FeatureVectorMessage featureMessage(String featureSet, long i) {
        Instant t = Instant.parse("2026-11-21T00:00:00Z").plusSeconds(i);
        return new FeatureVectorMessage(featureSet + "-event-" + i, featureSet, 1, "e" + (i % 7), t, features(i));
    }

    public static LabelledExampleMessage example(String featureSet, long i) {
        FeatureVectorMessage f = featureMessage(featureSet, i);
        return new LabelledExampleMessage(f.eventId(), featureSet, 1, f.entityId(), f.eventTime(),
                f.eventTime().plusSeconds(60), f.features(), label(f.features()));
    }

    public static void createTopics(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A test profile's base: the served model, and every topic of the service named after the feature set
     * ({@code <set>.features}, {@code .examples}, {@code .model-events}, {@code .predictions}, {@code .dlq}), so
     * that test classes do not read each other's records.
     */
    public static Map<String, String> testProfile(String featureSet, String model) {
        Map<String, String> config = new java.util.HashMap<>();
        config.put("freshet.inference.models", model);
        config.put("mp.messaging.incoming.model-events.topic", featureSet + ".model-events");
        config.put("mp.messaging.incoming.features.topic", featureSet + ".features");
        config.put("mp.messaging.incoming.labels.topic", featureSet + ".examples");
        config.put("mp.messaging.outgoing.predictions.topic", featureSet + ".predictions");
        config.put("mp.messaging.outgoing.inference-dlq.topic", featureSet + ".dlq");
        return config;
    }
}

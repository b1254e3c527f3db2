package dev.freshet.training;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.store.MinioObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A learnable stream for the trainer's tests: label {@code up} when x1 + x2 > 0, one noise feature, and one
 * feature only known later that gives the label away (a model must never see it).
 */
public final class TrainingData {

    public static final int PARTITIONS = 3;

    private TrainingData() {}

    public static FeatureSet featureSet(String name) {
        return new FeatureSet(name, 1, "entity", List.of(new FeatureSpec("x1", true), new FeatureSpec("x2", true),
                new FeatureSpec("noise", true), new FeatureSpec("outcome", false)), List.of("up", "down"));
    }

    /**
     * The settings every trainer test starts from: the loop started by the test once its data is ready, the
     * feature set {@code set} on the topic {@code <set>.examples}, and a lock of its own.
     */
    public static Map<String, String> testProfile(String set) {
        Map<String, String> config = new HashMap<>();
        config.put("freshet.training.autostart", "false");
        config.put("freshet.training.feature-set", set);
        config.put("freshet.training.topic", set + ".examples");
        config.put("freshet.training.lock.name", set);
        // The tests' streams are thousands of examples, not the drone stream's days: a gate compared on 1,000.
        config.put("freshet.training.gate.window", "1000");
        config.put("freshet.training.gate.hold-after-drift", "2000");
        // ... and drift counted after 500 examples, not a simulated day of the drone demo.
        config.put("freshet.training.drift.warm-up", "500");
        return config;
    }

    /** The feature store of the test servers, migrated. */
    public static FeatureStore store(InfraEndpoints endpoints) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(endpoints.jdbcUrl());
        ds.setUser(endpoints.dbUser());
        ds.setPassword(endpoints.dbPassword());
        FeatureStore store = new FeatureStore(ds);
        store.migrate();
        return store;
    }

    /** The model registry of the test servers, in the services' default bucket. */
    public static ModelRegistry registry(InfraEndpoints endpoints) {
        return new ModelRegistry(objectStore(endpoints), RegistrySettings.defaults());
    }

    /** The registry's bucket itself, to damage what a test needs damaged. */
    public static MinioObjectStore objectStore(InfraEndpoints endpoints) {
        return MinioObjectStore.connect(endpoints.s3Endpoint().toString(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), endpoints.s3Region(), "freshet-models");
    }

    public static LabelledExampleMessage example(String featureSet, long i) {
        Random random = new Random(i * 7919 + 17);
        double x1 = random.nextDouble() * 2 - 1;
        double x2 = random.nextDouble() * 2 - 1;
        String label = x1 + x2 > 0 ? "up" : "down";
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("x1", x1);
        features.put("x2", x2);
        features.put("noise", random.nextGaussian());
        features.put("outcome", label.equals("up") ? 1.0 : 0.0);
        Instant t = Instant.parse("2026-11-02T00:00:00Z").plusSeconds(i);
        return new LabelledExampleMessage(featureSet + "-" + i, featureSet, 1, "e" + (i % 10), t, t.plusSeconds(60),
                features, label);
    }

    public static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends examples {@code from} to {@code to - 1}, acknowledged, and returns where each landed. */
    public static List<RecordMetadata> send(KafkaProducer<String, byte[]> producer, String topic, String featureSet,
                                            long from, long to) throws Exception {
        return send(producer, topic, featureSet, from, to, false);
    }

    /** Example {@code i} with its label the other way round: a poisoned example. */
    public static LabelledExampleMessage flipped(String featureSet, long i) {
        LabelledExampleMessage m = example(featureSet, i);
        return new LabelledExampleMessage(m.eventId(), m.featureSet(), m.schemaVersion(), m.entityId(), m.eventTime(),
                m.labelTime(), m.features(), m.label().equals("up") ? "down" : "up");
    }

    /** As {@link #send(KafkaProducer, String, String, long, long)}, the labels flipped when {@code flip}. */
    public static List<RecordMetadata> send(KafkaProducer<String, byte[]> producer, String topic, String featureSet,
                                            long from, long to, boolean flip) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (long i = from; i < to; i++) {
            LabelledExampleMessage m = flip ? flipped(featureSet, i) : example(featureSet, i);
            sent.add(producer.send(new ProducerRecord<>(topic, m.entityId(), Messages.toJson(m))));
        }
        List<RecordMetadata> landed = new ArrayList<>();
        for (Future<RecordMetadata> f : sent) {
            landed.add(f.get());
        }
        return landed;
    }
}

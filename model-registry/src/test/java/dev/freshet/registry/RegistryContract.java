package dev.freshet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.infra.InfraEndpoints;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.registry.store.MinioObjectStore;
import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.PreconditionFailedException;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

/**
 * What the registry promises, against a real S3 API. Subclasses supply the server: S3Proxy from
 * deploy/local, or a real MinIO through Testcontainers.
 */
abstract class RegistryContract {

    private static final String MODEL = "drone-linear";

    /** The server under test. */
    protected abstract InfraEndpoints endpoints();

    /** Skips (with a reason) when the server cannot be had here; runs before anything else per test. */
    protected void requireServer() {}

    String bucket;
    ObjectStore store;
    ModelRegistry registry;
    NetworkLearner learner;
    ExecutorService pool;

    @BeforeEach
    void freshBucket() {
        requireServer();
        InfraEndpoints e = endpoints();
        // A bucket per test: created by the registry itself, which proves it creates one when absent.
        bucket = "registry-" + UUID.randomUUID().toString().substring(0, 13);
        store = MinioObjectStore.connect(e.s3Endpoint().toString(), e.s3AccessKey(), e.s3SecretKey(), e.s3Region(), bucket);
        registry = new ModelRegistry(store, RegistrySettings.defaults());
        learner = Fixtures.trainedLearner(1);
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private Manifest publish(String tag, Long parent) {
        LearnerSnapshot snapshot = Fixtures.snapshot(learner, tag);
        return registry.publish(MODEL, snapshot.modelBytes(), snapshot.trainingState(), Fixtures.draft(parent, 0.9));
    }

    @Test
    void publishGivesIncreasingVersionsWhoseManifestModelAndStateReadBack() {
        Manifest first = publish("a", null);
        Manifest second = publish("b", 1L);
        Manifest third = publish("c", 2L);
        assertThat(List.of(first.version(), second.version(), third.version())).containsExactly(1L, 2L, 3L);

        Manifest stored = registry.manifest(MODEL, 2).orElseThrow();
        assertThat(stored).isEqualTo(second);
        assertThat(stored.parentVersion()).isEqualTo(1L);
        assertThat(stored.kafkaOffsets()).containsEntry("freshet.examples", java.util.Map.of(0, 500L, 1, 480L));
        assertThat(stored.artifact().sha256()).hasSize(64);
        assertThat(stored.tribuoVersion()).startsWith("4.3");

        LoadedModel<Label> loaded = registry.load(MODEL, 3, Label.class);
        assertThat(loaded.manifest()).isEqualTo(third);
        FeatureVector x = new FeatureVector(new String[] {"f0", "f1"}, new double[] {0.9, 0.8});
        assertThat(((dev.freshet.learn.model.OnlineNetworkModel) loaded.model()).predict(x).label()).isEqualTo("busy");
        assertThat(registry.trainingState(third).orElseThrow()).isEqualTo(Fixtures.snapshot(learner, "c").trainingState());

        assertThat(registry.versions(MODEL)).extracting(Manifest::version).containsExactly(1L, 2L, 3L);
        assertThat(registry.resolve(MODEL, ModelRegistry.LATEST).version()).isEqualTo(3);
        assertThat(registry.models()).containsExactly(MODEL);
    }

    @Test
    void concurrentPublishersNeverOwnTheSameVersion() throws Exception {
        int threads = 8;
        int each = 5;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                // Each thread its own registry instance, as separate trainer processes would be.
                ModelRegistry own = new ModelRegistry(store, RegistrySettings.defaults());
                List<Long> versions = new ArrayList<>();
                start.await();
                for (int i = 0; i < each; i++) {
                    LearnerSnapshot s = Fixtures.snapshot(learner, thread + "-" + i);
                    versions.add(own.publish(MODEL, s.modelBytes(), s.trainingState(), Fixtures.draft(null, 0.8)).version());
                }
                return versions;
            }));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        assertThat(new HashSet<>(all)).hasSize(threads * each);
        assertThat(registry.versions(MODEL)).hasSize(threads * each);
        // No publisher overwrote another's artifact: every version loads against its own checksum.
        for (long version : all) {
            assertThat(registry.load(MODEL, version, Label.class).manifest().version()).isEqualTo(version);
        }
    }

    @Test
    void aPublisherBehindOthersSkipsTheNumbersTheyTook() {
        ModelRegistry other = new ModelRegistry(store, RegistrySettings.defaults());
        assertThat(publish("a", null).version()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            LearnerSnapshot s = Fixtures.snapshot(learner, "other" + i);
            other.publish(MODEL, s.modelBytes(), s.trainingState(), Fixtures.draft(null, 0.7));
        }
        assertThat(publish("b", 1L).version()).isEqualTo(5);
    }

    @Test
    void ofTwoConditionalCreatesOfOneKeyExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            String key = "race/" + round + "/claim.json";
            CountDownLatch start = new CountDownLatch(1);
            Callable<Boolean> attempt = () -> {
                start.await();
                try {
                    store.putIfAbsent(key, ("{\"by\":\"" + Thread.currentThread().getName() + "\"}").getBytes(), "application/json");
                    return true;
                } catch (PreconditionFailedException e) {
                    return false;
                }
            };
            store.ensureBucket();
            Future<Boolean> a = pool.submit(attempt);
            Future<Boolean> b = pool.submit(attempt);
            start.countDown();
            assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS))).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void aHalfPublishedVersionIsInvisibleAndItsNumberIsSkipped() {
        publish("a", null);
        // A publisher that died after its artifact, before its manifest.
        store.putIfAbsent(MODEL + "/versions/2/claim.json", "{\"publisher\":\"dead\"}".getBytes(), "application/json");
        store.put(MODEL + "/versions/2/model.pb", Fixtures.snapshot(learner, "dead").modelBytes(), "application/octet-stream");

        assertThat(registry.manifest(MODEL, 2)).isEmpty();
        assertThat(registry.versions(MODEL)).extracting(Manifest::version).containsExactly(1L);
        assertThat(registry.latestVersion(MODEL)).contains(1L);
        assertThat(registry.resolve(MODEL, ModelRegistry.LATEST).version()).isEqualTo(1);
        assertThatThrownBy(() -> registry.load(MODEL, 2, Label.class)).isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("no published version 2");
        assertThatThrownBy(() -> registry.promote(MODEL, ModelRegistry.CHAMPION, 2, "test"))
                .isInstanceOf(VersionNotFoundException.class);
        assertThat(publish("b", 1L).version()).isEqualTo(3);
    }

    @Test
    void aliasesMoveWithOptimisticConcurrencyAndRollBack() throws Exception {
        publish("a", null);
        publish("b", 1L);
        publish("c", 2L);
        AliasRef first = registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 1, null, "first");
        assertThatThrownBy(() -> registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 2, null, "create twice"))
                .isInstanceOf(AliasConflictException.class);
        AliasRef second = registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 2, first.etag(), "gate passed");
        assertThat(second.record().history()).containsExactly(1L);
        assertThatThrownBy(() -> registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 3, first.etag(), "stale"))
                .isInstanceOf(AliasConflictException.class).hasMessageContaining("moved by someone else");
        assertThat(registry.resolve(MODEL, ModelRegistry.CHAMPION).version()).isEqualTo(2);

        // Movers that read the same ETag: exactly one wins, every round, the others are told.
        for (int round = 0; round < 25; round++) {
            AliasRef read = registry.alias(MODEL, ModelRegistry.CHAMPION).orElseThrow();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> movers = new ArrayList<>();
            for (long target : new long[] {1, 2, 3, 1}) {
                movers.add(pool.submit(() -> {
                    ModelRegistry own = new ModelRegistry(store, RegistrySettings.defaults());
                    start.await();
                    try {
                        own.moveAlias(MODEL, ModelRegistry.CHAMPION, target, read.etag(), "race");
                        return true;
                    } catch (AliasConflictException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : movers) {
                winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).as("winners in round %d", round).isEqualTo(1);
            assertThat(registry.alias(MODEL, ModelRegistry.CHAMPION).orElseThrow().record().generation())
                    .isEqualTo(read.record().generation() + 1);
        }

        AliasRef now = registry.promote(MODEL, ModelRegistry.CHAMPION, 3, "by hand");
        assertThat(now.version()).isEqualTo(3);
        AliasRef back = registry.rollback(MODEL, ModelRegistry.CHAMPION);
        assertThat(back.version()).isEqualTo(now.record().history().get(0));
        assertThat(registry.resolve(MODEL, ModelRegistry.CHAMPION).version()).isEqualTo(back.version());
        assertThatThrownBy(() -> registry.moveAlias(MODEL, ModelRegistry.LATEST, 1, null, "no"))
                .hasMessageContaining("cannot be moved");
    }

    @Test
    void aMoverWhoseReadWasStaleGivesItsTicketBackAndBlocksNobody() {
        publish("a", null);
        publish("b", 1L);
        publish("c", 2L);
        AliasRef first = registry.promote(MODEL, ModelRegistry.CHAMPION, 1, "first");
        AliasRef second = registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 2, first.etag(), "moved");
        // It reads the second body under the first ETag, so it claims generation 3 and its If-Match is refused.
        ModelRegistry torn = new ModelRegistry(new TornReadStore(store, MODEL + "/aliases/" + ModelRegistry.CHAMPION
                + ".json", first.etag()), RegistrySettings.defaults());
        assertThatThrownBy(() -> torn.moveAlias(MODEL, ModelRegistry.CHAMPION, 3, first.etag(), "stale read"))
                .isInstanceOf(AliasConflictException.class);

        assertThat(store.list(MODEL + "/alias-moves/" + ModelRegistry.CHAMPION + "/3-")).isEmpty();
        AliasRef third = registry.moveAlias(MODEL, ModelRegistry.CHAMPION, 3, second.etag(), "right after");
        assertThat(third.record().generation()).isEqualTo(3);
        assertThat(third.record().history()).containsExactly(2L, 1L);
        assertThat(registry.resolve(MODEL, ModelRegistry.CHAMPION).version()).isEqualTo(3);
    }

    @Test
    void aMoverThatDiedHoldingItsTicketBlocksOthersOnlyUntilTheTicketIsStale() {
        publish("a", null);
        publish("b", 1L);
        AliasRef first = registry.promote(MODEL, ModelRegistry.CHAMPION, 1, "first");
        String ticket = MODEL + "/alias-moves/" + ModelRegistry.CHAMPION + "/" + (first.record().generation() + 1) + "-0.json";
        store.putIfAbsent(ticket, ("{\"mover\":\"dead\",\"at\":\"" + java.time.Instant.now() + "\"}").getBytes(),
                "application/json");
        assertThatThrownBy(() -> registry.promote(MODEL, ModelRegistry.CHAMPION, 2, "blocked"))
                .isInstanceOf(AliasConflictException.class);
        store.put(ticket, ("{\"mover\":\"dead\",\"at\":\"" + java.time.Instant.now().minusSeconds(
                ModelRegistry.STALE_TICKET_SECONDS + 5) + "\"}").getBytes(), "application/json");
        assertThat(registry.promote(MODEL, ModelRegistry.CHAMPION, 2, "after the dead mover").version()).isEqualTo(2);
    }

    @Test
    void aWriteCheckLeavesNothingBehindAndTakesNoVersionNumber() {
        registry.checkWritable(MODEL);
        registry.checkWritable(MODEL);
        assertThat(store.list(MODEL + "/")).isEmpty();
        assertThat(publish("a", null).version()).isEqualTo(1);
        registry.checkWritable(MODEL);
        assertThat(store.list(MODEL + "/")).allMatch(key -> key.startsWith(MODEL + "/versions/1/"));
    }

    @Test
    void aRegistryRefusingThisPublishersWritesFailsTheWriteCheckNamingTheModel() {
        publish("a", null);
        InfraEndpoints e = endpoints();
        ObjectStore wrongSecret = MinioObjectStore.connect(e.s3Endpoint().toString(), e.s3AccessKey(),
                e.s3SecretKey() + "-wrong", e.s3Region(), bucket);
        assertThatThrownBy(() -> new ModelRegistry(wrongSecret, RegistrySettings.defaults()).checkWritable(MODEL))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("does not take this publisher's writes for '" + MODEL + "'");
        // A store that takes the write but does not give it back.
        ObjectStore losing = (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(ObjectStore.class.getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> method.getName().equals("get")
                        ? java.util.Optional.empty() : method.invoke(store, args));
        assertThatThrownBy(() -> new ModelRegistry(losing, RegistrySettings.defaults()).checkWritable(MODEL))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("did not give back what this publisher wrote beside the versions of '" + MODEL + "'");
        // Nothing of the published version was touched, and no check was left behind.
        assertThat(registry.versions(MODEL)).extracting(Manifest::version).containsExactly(1L);
        assertThat(store.list(MODEL + "/write-checks/")).isEmpty();
    }

    @Test
    void rollbackWithoutHistoryAndAliasesToMissingVersionsAreClearErrors() {
        publish("a", null);
        registry.promote(MODEL, ModelRegistry.CHAMPION, 1, "first");
        assertThatThrownBy(() -> registry.rollback(MODEL, ModelRegistry.CHAMPION))
                .isInstanceOf(AliasNotFoundException.class).hasMessageContaining("no previous version");
        assertThatThrownBy(() -> registry.resolve(MODEL, "canary"))
                .isInstanceOf(AliasNotFoundException.class).hasMessageContaining("no alias 'canary'");
        // An alias written by hand (or left by retention elsewhere) pointing at a version that is not there.
        store.put(MODEL + "/aliases/canary.json", RegistryJson.write(new AliasRecord("canary", MODEL, 99, List.of(),
                java.time.Instant.now(), "hand-made", 1)), "application/json");
        assertThatThrownBy(() -> registry.resolve(MODEL, "canary"))
                .isInstanceOf(AliasNotFoundException.class).hasMessageContaining("points at version 99, which does not exist");
        assertThatThrownBy(() -> registry.promote(MODEL, ModelRegistry.CHAMPION, 42, "no such"))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("no published version 42");
    }

    @Test
    void retentionKeepsTheNewestAndEveryAliasedVersion() {
        for (int i = 1; i <= 7; i++) {
            publish("v" + i, i == 1 ? null : (long) i - 1);
        }
        registry.promote(MODEL, ModelRegistry.CHAMPION, 2, "old champion");
        registry.promote(MODEL, ModelRegistry.CHAMPION, 3, "new champion");
        registry.promote(MODEL, "canary", 5, "trying");

        RetentionReport dry = registry.applyRetention(MODEL, 2, true);
        assertThat(dry.deleted()).containsExactly(1L, 4L);
        assertThat(registry.versions(MODEL)).hasSize(7);

        RetentionReport report = registry.applyRetention(MODEL, 2, false);
        assertThat(report.kept()).containsExactly(2L, 3L, 5L, 6L, 7L);
        assertThat(report.deleted()).containsExactly(1L, 4L);
        assertThat(registry.versions(MODEL)).extracting(Manifest::version).containsExactly(2L, 3L, 5L, 6L, 7L);
        assertThat(store.list(MODEL + "/versions/4/")).isEmpty();
        assertThatThrownBy(() -> registry.load(MODEL, 4, Label.class)).isInstanceOf(VersionNotFoundException.class);
        assertThat(registry.rollback(MODEL, ModelRegistry.CHAMPION).version()).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------ bad input

    @Test
    void truncatedArtifactIsRefused() {
        Manifest m = publish("a", null);
        byte[] bytes = Fixtures.snapshot(learner, "a").modelBytes();
        store.put(m.artifact().key(), Arrays.copyOf(bytes, bytes.length / 2), "application/octet-stream");
        assertRefused(1, ModelLoadException.Reason.SIZE_MISMATCH, "truncated");
    }

    @Test
    void oneFlippedByteIsRefused() {
        Manifest m = publish("a", null);
        byte[] bytes = Fixtures.snapshot(learner, "a").modelBytes();
        bytes[bytes.length / 2] ^= 0x01;
        store.put(m.artifact().key(), bytes, "application/octet-stream");
        assertRefused(1, ModelLoadException.Reason.CHECKSUM_MISMATCH, "SHA-256");
    }

    @Test
    void randomBytesAreRefusedEvenWithAMatchingManifest() {
        byte[] random = new byte[4096];
        new SplittableRandom(3).nextBytes(random);
        registry.publish(MODEL, random, null, Fixtures.draft(null, 0.5));
        assertRefused(1, ModelLoadException.Reason.NOT_A_MODEL, "not a Tribuo protobuf model");
    }

    @Test
    void aJavaSerializedStreamIsRefusedAtPublishAndAtLoad() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(new ArrayList<>(List.of("gadget")));
        }
        byte[] serialized = out.toByteArray();
        assertThatThrownBy(() -> registry.publish(MODEL, serialized, null, Fixtures.draft(null, 0.5)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("Java-serialized");
        assertThat(registry.versions(MODEL)).isEmpty();

        // Written around the registry, with a manifest whose checksum matches: still refused before parsing.
        Manifest m = publish("a", null);
        store.put(m.artifact().key(), serialized, "application/octet-stream");
        store.put(MODEL + "/versions/1/manifest.json", RegistryJson.write(withArtifact(m, serialized)), "application/json");
        assertRefused(1, ModelLoadException.Reason.JAVA_SERIALIZATION, "AC ED");
    }

    @Test
    void aValidModelOfTheWrongOutputTypeIsRefused() {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("test", factory), factory);
        for (int i = 0; i < 10; i++) {
            data.add(new ArrayExample<>(new Regressor("y", i), new String[] {"f0"}, new double[] {i}));
        }
        Model<Regressor> regression = DummyRegressionTrainer.createMeanTrainer().train(data);
        registry.publish(MODEL, regression.serialize().toByteArray(), null, Fixtures.draft(null, 0.5));
        // Not on the allow-list: refused before Tribuo's loader sees the class name.
        assertRefused(1, ModelLoadException.Reason.NOT_A_MODEL, "not among the allowed");
        // Allowed, but predicts numbers, not labels.
        ModelRegistry permissive = new ModelRegistry(store, RegistrySettings.defaults().withAllowedModelClasses(
                Set.of(regression.getClass().getName())));
        assertThatThrownBy(() -> permissive.load(MODEL, 1, Label.class)).isInstanceOf(ModelLoadException.class)
                .satisfies(e -> assertThat(((ModelLoadException) e).reason()).isEqualTo(ModelLoadException.Reason.WRONG_OUTPUT_TYPE))
                .hasMessageContaining("not Label");
    }

    @Test
    void aManifestMissingFieldsOrWithAWrongChecksumIsRefused() {
        Manifest m = publish("a", null);
        Manifest missing = new Manifest(m.model(), m.version(), null, null, m.algorithm(), null, null, List.of(), null,
                null, 0, null, null, null);
        store.put(MODEL + "/versions/1/manifest.json", RegistryJson.write(missing), "application/json");
        assertRefused(1, ModelLoadException.Reason.INVALID_MANIFEST, "artifact missing");
        assertThat(registry.versions(MODEL)).isEmpty();

        store.put(MODEL + "/versions/1/manifest.json", "{not json".getBytes(), "application/json");
        assertRefused(1, ModelLoadException.Reason.INVALID_MANIFEST, "not readable JSON");

        ArtifactRef wrong = new ArtifactRef(m.artifact().key(), m.artifact().size(), "0".repeat(64), m.artifact().format());
        store.put(MODEL + "/versions/1/manifest.json", RegistryJson.write(new Manifest(m.model(), 1, null, m.createdAt(),
                m.algorithm(), m.hyperParameters(), m.featureSchema(), m.labels(), m.metrics(), m.kafkaOffsets(),
                m.examplesSeen(), wrong, null, m.tribuoVersion())), "application/json");
        assertRefused(1, ModelLoadException.Reason.CHECKSUM_MISMATCH, "SHA-256");
    }

    @Test
    void anArtifactOverTheSizeLimitIsRefusedAtPublishAndAtLoad() {
        byte[] bytes = Fixtures.snapshot(learner, "a").modelBytes();
        ModelRegistry small = new ModelRegistry(store, RegistrySettings.defaults().withMaxArtifactBytes(bytes.length - 1));
        assertThatThrownBy(() -> small.publish(MODEL, bytes, null, Fixtures.draft(null, 0.5)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("over the limit");
        assertThat(registry.versions(MODEL)).isEmpty();
        publish("a", null);
        assertThatThrownBy(() -> small.load(MODEL, 1, Label.class)).isInstanceOf(ModelLoadException.class)
                .satisfies(e -> assertThat(((ModelLoadException) e).reason()).isEqualTo(ModelLoadException.Reason.TOO_LARGE))
                .hasMessageContaining("over the limit");
        // A manifest that understates the size does not get a large file read whole either.
        Manifest m = registry.manifest(MODEL, 1).orElseThrow();
        store.put(MODEL + "/versions/1/manifest.json", RegistryJson.write(withArtifact(m, new byte[10])), "application/json");
        assertThatThrownBy(() -> small.load(MODEL, 1, Label.class)).isInstanceOf(ModelLoadException.class)
                .satisfies(e -> assertThat(((ModelLoadException) e).reason()).isEqualTo(ModelLoadException.Reason.TOO_LARGE));
    }

    @Test
    void aMissingArtifactIsRefused() {
        Manifest m = publish("a", null);
        store.delete(m.artifact().key());
        assertRefused(1, ModelLoadException.Reason.ARTIFACT_MISSING, "missing");
    }

    private void assertRefused(long version, ModelLoadException.Reason reason, String message) {
        assertThatThrownBy(() -> registry.load(MODEL, version, Label.class))
                .isInstanceOf(ModelLoadException.class)
                .satisfies(e -> assertThat(((ModelLoadException) e).reason()).isEqualTo(reason))
                .hasMessageContaining(message).hasMessageContaining("'" + MODEL + "'");
    }

    private static Manifest withArtifact(Manifest m, byte[] bytes) {
        ArtifactRef ref = new ArtifactRef(m.artifact().key(), bytes.length, ArtifactVerifier.sha256(bytes),
                m.artifact().format());
        return new Manifest(m.model(), m.version(), m.parentVersion(), m.createdAt(), m.algorithm(), m.hyperParameters(),
                m.featureSchema(), m.labels(), m.metrics(), m.kafkaOffsets(), m.examplesSeen(), ref, m.trainingState(),
                m.tribuoVersion());
    }
}

package dev.freshet.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.testinfra.WithFreshetInfra;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The store on a real PostgreSQL: idempotent appends, consistent snapshots with offsets, as-of reads, backfill. */
@WithFreshetInfra
class FeatureStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private FeatureStore store;
    private String featureSet;
    private String topic;

    FeatureStoreIT(InfraEndpoints endpoints) {
        dataSource.setUrl(endpoints.jdbcUrl());
        dataSource.setUser(endpoints.dbUser());
        dataSource.setPassword(endpoints.dbPassword());
    }

    @BeforeEach
    void migrate() {
        store = new FeatureStore(dataSource);
        store.migrate();
        featureSet = "drone-" + UUID.randomUUID().toString().substring(0, 8);
        topic = "examples-" + featureSet;
    }

    private LabelledExampleMessage example(int i) {
        Instant event = T0.plus(Duration.ofMinutes(i));
        return new LabelledExampleMessage("e-" + featureSet + "-" + i, featureSet, 1, "shop-" + (i % 7), event,
                event.plus(Duration.ofHours(1)), Map.of("hour", (double) (i % 24), "rating", 4.5, "noise1", i * 0.1),
                i % 2 == 0 ? "busy" : "quiet");
    }

    private List<StoredExample> batch(int partition, long fromOffset, int count, int firstEvent) {
        List<StoredExample> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new StoredExample(example(firstEvent + i), new KafkaPosition(topic, partition, fromOffset + i)));
        }
        return batch;
    }

    @Test
    void migrationsRunAgainHarmlessly() {
        store.migrate();
        store.migrate();
        assertThat(store.count(featureSet)).isZero();
    }

    @Test
    void appendingTheSameRecordsAgainStoresNothingTwice() {
        assertThat(store.append(batch(0, 0, 100, 0))).isEqualTo(100);
        assertThat(store.append(batch(0, 0, 100, 0))).isZero();
        // Overlapping redelivery: offsets 50..149, of which 100..149 are new.
        assertThat(store.append(batch(0, 50, 100, 50))).isEqualTo(50);
        assertThat(store.count(featureSet)).isEqualTo(150);
        List<StoredExample> history = store.readHistory(featureSet);
        assertThat(history).hasSize(150);
        assertThat(history.get(0).example()).isEqualTo(example(0));
        assertThat(history.get(0).position()).isEqualTo(new KafkaPosition(topic, 0, 0));
    }

    @Test
    void onlyPositionsNotYetStoredAreWrittenWhereverTheyLie() {
        List<StoredExample> all = batch(0, 0, 100, 0);
        assertThat(store.append(all.subList(50, 100))).isEqualTo(50);
        assertThat(store.append(all.subList(20, 30))).isEqualTo(10);
        assertThat(store.append(all)).isEqualTo(40); // 0-19 and 30-49: below the stored ones, yet new
        assertThat(store.count(featureSet)).isEqualTo(100);
        assertThat(store.readHistory(featureSet)).extracting(r -> r.position().offset()).doesNotHaveDuplicates();
    }

    @Test
    void rowsAnotherWriterStoresBetweenCheckAndInsertAreSkipped() throws Exception {
        List<StoredExample> rows = batch(0, 0, 100, 0);
        FeatureStore other = new FeatureStore(dataSource);
        AtomicBoolean raced = new AtomicBoolean();
        // Just before this store's insert runs, another writer (a second sink in a rebalance) stores half the rows.
        DataSource racing = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(dataSource, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection real = (Connection) result;
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") && ((String) a[0]).startsWith("INSERT")
                                        && raced.compareAndSet(false, true)) {
                                    assertThat(other.append(rows.subList(30, 80))).isEqualTo(50);
                                }
                                try {
                                    return m.invoke(real, a);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
        assertThat(new FeatureStore(racing).append(rows)).isEqualTo(50);
        assertThat(raced).isTrue();
        assertThat(store.count(featureSet)).isEqualTo(100);
        assertThat(store.readHistory(featureSet)).extracting(r -> r.position().offset()).doesNotHaveDuplicates();
    }

    @Test
    void historyComesWithTheNextOffsetOfEveryPartitionInOneSnapshot() throws Exception {
        store.append(batch(0, 0, 40, 0));
        store.append(batch(1, 0, 25, 1000));
        HistoryEnd end = store.readHistory(featureSet, e -> { });
        assertThat(end.nextOffsets().get(topic)).containsEntry(0, 40L).containsEntry(1, 25L);
        assertThat(end.examples()).isEqualTo(65);

        // A writer keeps appending while snapshots are read: each snapshot's rows and offsets agree.
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong next = new AtomicLong(40);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> writer = pool.submit(() -> {
            while (writing.get()) {
                long from = next.get();
                store.append(batch(0, from, 20, (int) from));
                next.addAndGet(20);
            }
        });
        try {
            for (int read = 0; read < 10; read++) {
                Map<Integer, Long> maxSeen = new HashMap<>();
                HistoryEnd snapshot = store.readHistory(featureSet, e -> {
                    if (e.position() != null && e.position().topic().equals(topic)) {
                        maxSeen.merge(e.position().partition(), e.position().offset(), Math::max);
                    }
                });
                assertThat(snapshot.nextOffsets().get(topic).get(0)).isEqualTo(maxSeen.get(0) + 1);
                assertThat(snapshot.examples()).isEqualTo(25 + maxSeen.get(0) + 1);
            }
        } finally {
            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);
            pool.shutdown();
        }
    }

    @Test
    void partitionsWrittenInParallelAreEachAContiguousPrefixInEverySnapshot() throws Exception {
        FeatureStore parallel = new FeatureStore(dataSource, 2);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int batches = 30;
        Future<?> writer = pool.submit(() -> {
            for (int b = 0; b < batches; b++) {
                // One polled batch: 40 records of each of three partitions, interleaved as a consumer sees them.
                List<StoredExample> batch = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    for (int p = 0; p < 3; p++) {
                        batch.add(new StoredExample(example(p * 100_000 + b * 40 + i),
                                new KafkaPosition(topic, p, (long) b * 40 + i)));
                    }
                }
                assertThat(parallel.append(batch)).isEqualTo(120);
                assertThat(parallel.append(batch)).isZero();
            }
            writing.set(false);
        });
        try {
            int reads = 0;
            while (writing.get() || reads < 3) {
                Map<Integer, Long> rows = new HashMap<>();
                HistoryEnd snapshot = parallel.readHistory(featureSet,
                        e -> rows.merge(e.position().partition(), 1L, Long::sum));
                // Rows 0..n-1 of a partition, never a later batch without an earlier one.
                rows.forEach((partition, count) ->
                        assertThat(snapshot.nextOffsets().get(topic).get(partition)).isEqualTo(count));
                reads++;
            }
        } finally {
            writer.get(60, TimeUnit.SECONDS);
            pool.shutdown();
        }
        assertThat(parallel.count(featureSet)).isEqualTo(3L * 40 * batches);
    }

    @Test
    void asOfReadsOnlyWhatWasKnownThen() {
        store.append(batch(0, 0, 120, 0));
        // Labels arrive an hour after each event, one event a minute from T0.
        Instant asOf = T0.plus(Duration.ofMinutes(90));
        List<StoredExample> known = store.readAsOf(featureSet, asOf);
        assertThat(known).hasSize(31); // events 0..30 have label times T0+60..T0+90
        assertThat(known).allSatisfy(e -> assertThat(e.example().labelTime()).isBeforeOrEqualTo(asOf));
        assertThat(store.readAsOf(featureSet, T0)).isEmpty();
    }

    @Test
    void timesAndFeaturesComeBackAsStoredToTheMicrosecond() {
        Instant event = Instant.parse("1969-12-31T23:59:59.999999400Z"); // before the epoch, rounds down
        Instant label = Instant.parse("2026-11-02T08:00:00.123456500Z"); // rounds half up
        LabelledExampleMessage m = new LabelledExampleMessage("e-times", featureSet, 1, "shop-1", event, label,
                Map.of("tiny", 4.9e-324, "huge", -1.7976931348623157e308, "third", 1.0 / 3), "busy");
        store.append(List.of(new StoredExample(m, new KafkaPosition(topic, 0, 0))));
        LabelledExampleMessage back = store.readHistory(featureSet).get(0).example();
        assertThat(back.eventTime()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(back.labelTime()).isEqualTo(Instant.parse("2026-11-02T08:00:00.123457Z"));
        assertThat(back.features()).isEqualTo(m.features());
    }

    @Test
    void backfilledRowsNeedNoKafkaAndAreIdempotentByEventId() {
        List<LabelledExampleMessage> history = new ArrayList<>();
        for (int i = -50; i < 0; i++) {
            history.add(example(i));
        }
        assertThat(store.backfill(history)).isEqualTo(50);
        assertThat(store.backfill(history.subList(0, 10))).isZero();
        store.append(batch(0, 0, 10, 0));
        List<StoredExample> all = store.readHistory(featureSet);
        assertThat(all).hasSize(60);
        assertThat(all.subList(0, 50)).allMatch(StoredExample::backfilled);
        assertThat(all.get(50).position()).isNotNull();
        HistoryEnd end = store.readHistory(featureSet, e -> { });
        assertThat(end.nextOffsets().get(topic)).containsExactly(Map.entry(0, 10L));
        assertThatThrownBy(() -> store.append(List.of(new StoredExample(example(99), null))))
                .isInstanceOf(ExampleRefusedException.class).hasMessageContaining("backfill()");
    }

    @Test
    void anInvalidExampleRefusesItsWholeBatchWithTheReason() {
        List<StoredExample> batch = batch(0, 0, 5, 0);
        LabelledExampleMessage poisoned = new LabelledExampleMessage("bad", featureSet, 1, "shop-1", T0, T0,
                Map.of("hour", Double.NaN), "busy");
        batch.add(new StoredExample(poisoned, new KafkaPosition(topic, 0, 5)));
        assertThatThrownBy(() -> store.append(batch)).isInstanceOf(ExampleRefusedException.class)
                .hasMessageContaining("'hour' is NaN");
        assertThat(store.count(featureSet)).isZero();
        assertThatThrownBy(() -> new LabelledExampleMessage("x", featureSet, 1, "e", T0, T0.minusSeconds(1), Map.of(), "a"))
                .hasMessageContaining("before event time");
    }

    @Test
    void featureSetsAreRegisteredOnceAndLookedUpByTheirNewestVersion() {
        FeatureSet v1 = new FeatureSet(featureSet, 1, "shop_id", List.of(new FeatureSpec("hour", true),
                new FeatureSpec("avg_time", false)), List.of("busy", "quiet"));
        assertThat(store.featureSet(featureSet)).isEmpty();
        store.register(v1);
        store.register(v1);
        assertThat(store.featureSet(featureSet)).contains(v1);
        FeatureSet changed = new FeatureSet(featureSet, 1, "shop_id", List.of(new FeatureSpec("hour", true)),
                List.of("busy", "quiet"));
        assertThatThrownBy(() -> store.register(changed)).isInstanceOf(FeatureSetConflictException.class)
                .hasMessageContaining("another definition");
        FeatureSet v2 = new FeatureSet(featureSet, 2, "shop_id", changed.features(), changed.labels());
        store.register(v2);
        assertThat(store.featureSet(featureSet)).contains(v2);
        assertThat(v2.predictionFeatures()).containsExactly("hour");
    }

    @Test
    void theDatabaseRefusesRowsThatBreakItsRules() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO labelled_example (feature_set, schema_version, entity_id,"
                    + " event_id, event_time, label_time, features, label, source) VALUES ('x', 1, 'e', 'i', now(), now(),"
                    + " '{}', 'a', 'kafka')")).hasMessageContaining("labelled_example_source");
        }
    }
}

package dev.freshet.featurestore;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Labelled examples in PostgreSQL ({@code labelled_example}, created by the Flyway migrations in
 * {@code db/freshet-feature-store}).
 *
 * <ul>
 *   <li>{@link #append} stores examples read from Kafka, unique by (topic, partition, offset): appending a
 *       batch again stores nothing twice, so a sink can be at-least-once. Each partition's part of a batch is
 *       one transaction; the parts of different partitions are written in parallel on up to {@code writers}
 *       connections (PostgreSQL parses and indexes rows on one core per connection).</li>
 *   <li>{@link #backfill} stores examples that never passed through Kafka, unique by event id.</li>
 *   <li>{@link #readHistory} reads a feature set's whole history in one REPEATABLE READ snapshot, and in the
 *       same snapshot the next offset of every partition. The offsets are exact when the sink stores each
 *       partition as a contiguous prefix — it appends polled batches one after the other, and a partition's
 *       rows of a batch commit together.</li>
 *   <li>{@link #readAsOf} reads what was known at a moment: examples whose label had arrived by then.</li>
 *   <li>{@link #register} and {@link #featureSet} keep the catalogue of feature sets: a source registers the
 *       set it produces; trainers look up which features a model may use.</li>
 * </ul>
 * Thread-safe; every call takes its own connection from the data source.
 */
public final class FeatureStore {

    /** Flyway's history table, apart from any the services keep. */
    public static final String MIGRATION_TABLE = "freshet_feature_store_schema_history";
    static final String MIGRATIONS = "classpath:db/freshet-feature-store";
    private static final int FETCH_SIZE = 2_000;

    // Times travel as epoch microseconds (PostgreSQL's precision) in binary arrays: printing and parsing them as
    // text cost more than the rest of the row.
    private static final String INSERT = """
            INSERT INTO labelled_example (feature_set, schema_version, entity_id, event_id, event_time, label_time,
                                          features, label, source, kafka_topic, kafka_partition, kafka_offset)
            SELECT feature_set, schema_version, entity_id, event_id,
                   timestamptz 'epoch' + event_micros * interval '1 microsecond',
                   timestamptz 'epoch' + label_micros * interval '1 microsecond',
                   features, label, source, kafka_topic, kafka_partition, kafka_offset
            FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],
                        ?::json[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                 AS row (feature_set, schema_version, entity_id, event_id, event_micros, label_micros,
                         features, label, source, kafka_topic, kafka_partition, kafka_offset)
            """;
    private static final String SKIP_STORED = " ON CONFLICT DO NOTHING";
    private static final String STORED_OFFSETS = """
            SELECT kafka_offset FROM labelled_example
            WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset BETWEEN ? AND ?""";
    /** SQLSTATE class 22: the data cannot be stored as it is. */
    private static final String DATA_EXCEPTION = "22";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = """
            feature_set, schema_version, entity_id, event_id, event_time, label_time, features::text, label,
            kafka_topic, kafka_partition, kafka_offset
            """;

    private final DataSource dataSource;
    private final int writers;
    private final ExecutorService writerPool;

    /** A store writing on one connection at a time. */
    public FeatureStore(DataSource dataSource) {
        this(dataSource, 1);
    }

    /** @param writers connections that write the partitions of one batch in parallel */
    public FeatureStore(DataSource dataSource, int writers) {
        if (writers < 1) {
            throw new IllegalArgumentException("at least one writer, not " + writers);
        }
        this.dataSource = dataSource;
        this.writers = writers;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(writers, writers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "freshet-feature-store-writer");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true); // idle stores hold no threads
        this.writerPool = pool;
    }

    /** Creates or upgrades the schema; safe to run at every start and from several processes. */
    public void migrate() {
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).table(MIGRATION_TABLE)
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    /**
     * Stores examples read from Kafka; those already stored (same position) are skipped.
     *
     * @return how many were new
     * @throws ExampleRefusedException when an example is invalid: found before writing, nothing of the batch is
     *                                  stored; refused by PostgreSQL, other partitions' rows may be (appending
     *                                  again skips them)
     * @throws FeatureStoreException when the database fails; some partitions' rows may be stored, and appending
     *                               the same batch again is safe
     */
    public int append(List<StoredExample> batch) {
        for (StoredExample stored : batch) {
            if (stored.position() == null) {
                throw new ExampleRefusedException("event " + stored.example().eventId()
                        + " has no Kafka position: use backfill() for examples that never passed through Kafka");
            }
        }
        return insert(batch);
    }

    /**
     * Stores examples that never passed through Kafka (simulated or imported history); an event id already
     * backfilled is skipped.
     *
     * @return how many were new
     */
    public int backfill(List<LabelledExampleMessage> examples) {
        return insert(examples.stream().map(e -> new StoredExample(e, null)).toList());
    }

    private int insert(List<StoredExample> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        // Nothing of an invalid batch is written. Only what cannot be stored is refused here: which times a
        // service accepts is its own configuration, checked where it decodes.
        Instant now = Instant.now();
        for (StoredExample stored : batch) {
            List<String> problems = stored.example().problems(MessageLimits.WIDEST, now);
            if (!problems.isEmpty()) {
                throw new ExampleRefusedException("event " + stored.example().eventId() + " of "
                        + stored.example().featureSet() + " is invalid: " + String.join("; ", problems));
            }
        }
        List<List<StoredExample>> parts = byPartition(batch);
        if (parts.size() == 1) {
            return write(parts.get(0));
        }
        List<Future<Integer>> writes = new ArrayList<>();
        for (List<StoredExample> part : parts) {
            writes.add(writerPool.submit(() -> write(part)));
        }
        int inserted = 0;
        RuntimeException failure = null;
        for (Future<Integer> write : writes) {
            try {
                inserted += write.get();
            } catch (ExecutionException e) {
                // The parts that did commit are skipped as duplicates when the caller retries the batch.
                failure = e.getCause() instanceof FeatureStoreException || e.getCause() instanceof ExampleRefusedException
                        ? (RuntimeException) e.getCause()
                        : new FeatureStoreException("could not store examples: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FeatureStoreException("interrupted while storing examples", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return inserted;
    }

    /** The batch split into at most {@code writers} parts, each holding whole partitions in their order. */
    private List<List<StoredExample>> byPartition(List<StoredExample> batch) {
        Map<String, List<StoredExample>> partitions = new LinkedHashMap<>();
        for (StoredExample stored : batch) {
            KafkaPosition p = stored.position();
            partitions.computeIfAbsent(p == null ? "" : p.topic() + "/" + p.partition(), k -> new ArrayList<>())
                    .add(stored);
        }
        if (partitions.size() == 1 || writers == 1) {
            return List.of(batch);
        }
        List<List<StoredExample>> parts = new ArrayList<>();
        List<List<StoredExample>> largestFirst = new ArrayList<>(partitions.values());
        largestFirst.sort((a, b) -> Integer.compare(b.size(), a.size()));
        for (List<StoredExample> partition : largestFirst) {
            if (parts.size() < writers) {
                parts.add(new ArrayList<>(partition));
            } else {
                parts.stream().min((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow().addAll(partition);
            }
        }
        return parts;
    }

    /**
     * One statement, so one transaction. Rows from Kafka whose positions are not stored yet go in with a plain
     * insert, which skips PostgreSQL's conflict check per row; those already stored (a redelivery) are dropped
     * before sending. Should another writer store the same rows meanwhile (two sinks during a rebalance), the
     * unique key refuses the insert and it is repeated skipping what is stored. Backfilled rows are always checked.
     */
    private int write(List<StoredExample> rows) {
        try (Connection c = dataSource.getConnection()) {
            if (rows.get(0).position() == null) { // backfill: the event id decides
                return insert(c, rows, INSERT + SKIP_STORED);
            }
            List<StoredExample> fresh = unstored(c, rows);
            if (fresh.isEmpty()) {
                return 0;
            }
            try {
                return insert(c, fresh, INSERT);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                return insert(c, fresh, INSERT + SKIP_STORED);
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(DATA_EXCEPTION)) {
                // The rows' fault, not the database's (a NUL character PostgreSQL text cannot hold): retrying
                // would wait forever.
                throw new ExampleRefusedException("PostgreSQL refused " + (rows.size() == 1 ? "the example"
                        : "one of " + rows.size() + " examples") + ": " + e.getMessage());
            }
            throw new FeatureStoreException("could not store " + rows.size() + " examples: " + e.getMessage(), e);
        }
    }

    /** Rows from Kafka whose positions are not stored: one index range read per partition of the batch. */
    private static List<StoredExample> unstored(Connection c, List<StoredExample> rows) throws SQLException {
        record Partition(String topic, int partition) {}
        Map<Partition, long[]> ranges = new LinkedHashMap<>(); // lowest and highest offset in the batch
        for (StoredExample row : rows) {
            KafkaPosition p = row.position();
            long[] range = ranges.computeIfAbsent(new Partition(p.topic(), p.partition()),
                    k -> new long[] {p.offset(), p.offset()});
            range[0] = Math.min(range[0], p.offset());
            range[1] = Math.max(range[1], p.offset());
        }
        Set<KafkaPosition> stored = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(STORED_OFFSETS)) {
            for (Map.Entry<Partition, long[]> range : ranges.entrySet()) {
                Partition p = range.getKey();
                s.setString(1, p.topic());
                s.setInt(2, p.partition());
                s.setLong(3, range.getValue()[0]);
                s.setLong(4, range.getValue()[1]);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.add(new KafkaPosition(p.topic(), p.partition(), rs.getLong(1)));
                    }
                }
            }
        }
        if (stored.isEmpty()) {
            return rows;
        }
        return rows.stream().filter(row -> !stored.contains(row.position())).toList();
    }

    private static int insert(Connection c, List<StoredExample> batch, String sql) throws SQLException {
        int n = batch.size();
        String[] featureSets = new String[n];
        Integer[] versions = new Integer[n];
        String[] entities = new String[n];
        String[] eventIds = new String[n];
        Long[] eventTimes = new Long[n];
        Long[] labelTimes = new Long[n];
        String[] features = new String[n];
        String[] labels = new String[n];
        String[] sources = new String[n];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            StoredExample stored = batch.get(i);
            LabelledExampleMessage e = stored.example();
            featureSets[i] = e.featureSet();
            versions[i] = e.schemaVersion();
            entities[i] = e.entityId();
            eventIds[i] = e.eventId();
            eventTimes[i] = epochMicros(e.eventTime());
            labelTimes[i] = epochMicros(e.labelTime());
            features[i] = Messages.featuresToJson(e.features());
            labels[i] = e.label();
            KafkaPosition p = stored.position();
            sources[i] = p == null ? "backfill" : "kafka";
            topics[i] = p == null ? null : p.topic();
            partitions[i] = p == null ? null : p.partition();
            offsets[i] = p == null ? null : p.offset();
        }
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            Object[][] columns = {featureSets, versions, entities, eventIds, eventTimes, labelTimes, features, labels,
                sources, topics, partitions, offsets};
            String[] types = {"text", "int4", "text", "text", "int8", "int8", "text", "text", "text", "text", "int4", "int8"};
            for (int col = 0; col < columns.length; col++) {
                insert.setArray(col + 1, c.createArrayOf(types[col], columns[col]));
            }
            return insert.executeUpdate();
        }
    }

    /** Rounded to the microsecond, as PostgreSQL stores a timestamp. */
    static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1_000);
    }

    /**
     * Streams a feature set's history, oldest event first, from one consistent snapshot, and returns the next
     * Kafka offset of every partition as of that snapshot.
     */
    public HistoryEnd readHistory(String featureSet, Consumer<StoredExample> sink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                // The first statement fixes the snapshot; the rows below come from the same one.
                Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT kafka_topic, kafka_partition, max(kafka_offset) + 1 FROM labelled_example
                        WHERE source = 'kafka' GROUP BY kafka_topic, kafka_partition""");
                     ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        offsets.computeIfAbsent(rs.getString(1), t -> new TreeMap<>()).put(rs.getInt(2), rs.getLong(3));
                    }
                }
                long count = 0;
                try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM labelled_example WHERE feature_set = ? ORDER BY event_time, id")) {
                    s.setFetchSize(FETCH_SIZE);
                    s.setString(1, featureSet);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            sink.accept(row(rs));
                            count++;
                        }
                    }
                }
                c.commit();
                return new HistoryEnd(offsets, count);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new FeatureStoreException("could not read the history of " + featureSet + ": " + e.getMessage(), e);
        }
    }

    /** The whole history in memory; prefer the streaming form for large stores. */
    public List<StoredExample> readHistory(String featureSet) {
        List<StoredExample> rows = new ArrayList<>();
        readHistory(featureSet, rows::add);
        return rows;
    }

    /** Examples whose label was known at {@code asOf}, oldest event first: no label from the future leaks in. */
    public List<StoredExample> readAsOf(String featureSet, Instant asOf) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                     // A label never precedes its event: the event-time bound lets the history index serve this read.
                     + " FROM labelled_example WHERE feature_set = ? AND event_time <= ? AND label_time <= ?"
                     + " ORDER BY event_time, id")) {
            s.setString(1, featureSet);
            s.setTimestamp(2, Timestamp.from(asOf));
            s.setTimestamp(3, Timestamp.from(asOf));
            List<StoredExample> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new FeatureStoreException("could not read " + featureSet + " as of " + asOf + ": " + e.getMessage(), e);
        }
    }

    /**
     * Registers a feature set; registering the same definition again changes nothing.
     *
     * @throws FeatureSetConflictException when this name and version are registered with another definition
     */
    public void register(FeatureSet set) {
        String definition = new String(Messages.toJson(set), StandardCharsets.UTF_8);
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO feature_set (name, version, definition) VALUES (?, ?, ?::json) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, set.name());
            insert.setInt(2, set.version());
            insert.setString(3, definition);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new FeatureStoreException("could not register feature set " + set.name() + ": " + e.getMessage(), e);
        }
        FeatureSet registered = featureSet(set.name(), set.version()).orElseThrow();
        if (!registered.equals(set)) {
            throw new FeatureSetConflictException("feature set " + set.name() + " v" + set.version()
                    + " is registered with another definition (" + registered + "): give the new one a new version");
        }
    }

    /** The newest registered version of a feature set. */
    public Optional<FeatureSet> featureSet(String name) {
        return featureSet(name, null);
    }

    private Optional<FeatureSet> featureSet(String name, Integer version) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT definition FROM feature_set WHERE name = ?"
                     + (version == null ? "" : " AND version = ?") + " ORDER BY version DESC LIMIT 1")) {
            s.setString(1, name);
            if (version != null) {
                s.setInt(2, version);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Messages.fromJson(rs.getString(1).getBytes(
                        StandardCharsets.UTF_8), FeatureSet.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new FeatureStoreException("could not read feature set " + name + ": " + e.getMessage(), e);
        }
    }

    /** Examples stored for a feature set. */
    public long count(String featureSet) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM labelled_example WHERE feature_set = ?")) {
            s.setString(1, featureSet);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new FeatureStoreException("could not count " + featureSet + ": " + e.getMessage(), e);
        }
    }

    private static StoredExample row(ResultSet rs) throws SQLException {
        LabelledExampleMessage example = new LabelledExampleMessage(rs.getString("event_id"), rs.getString("feature_set"),
                rs.getInt("schema_version"), rs.getString("entity_id"), rs.getTimestamp("event_time").toInstant(),
                rs.getTimestamp("label_time").toInstant(), new LinkedHashMap<>(Messages.featuresFromJson(rs.getString("features"))),
                rs.getString("label"));
        String topic = rs.getString("kafka_topic");
        KafkaPosition position = topic == null ? null
                : new KafkaPosition(topic, rs.getInt("kafka_partition"), rs.getLong("kafka_offset"));
        return new StoredExample(example, position);
    }
}

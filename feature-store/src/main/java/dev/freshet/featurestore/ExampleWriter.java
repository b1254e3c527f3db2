package dev.freshet.featurestore;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The feature store's write path: a batch checked whole, split by partition, each part one transaction on a
 * connection of its own, rows already stored skipped ({@link FeatureStore#append}, {@link FeatureStore#backfill}).
 * Thread-safe.
 */
final class ExampleWriter {

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

    private final DataSource dataSource;
    private final int writers;
    private final ExecutorService writerPool;

    /** @param writers connections that write the partitions of one batch in parallel */
    ExampleWriter(DataSource dataSource, int writers) {
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

    int insert(List<StoredExample> batch) {
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
}

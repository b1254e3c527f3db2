package dev.freshet.featurestore;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    private static final String COLUMNS = """
            feature_set, schema_version, entity_id, event_id, event_time, label_time, features::text, label,
            kafka_topic, kafka_partition, kafka_offset
            """;

    private final DataSource dataSource;
    private final ExampleWriter writer;

    /** A store writing on one connection at a time. */
    public FeatureStore(DataSource dataSource) {
        this(dataSource, 1);
    }

    /** @param writers connections that write the partitions of one batch in parallel */
    public FeatureStore(DataSource dataSource, int writers) {
        this.dataSource = dataSource;
        this.writer = new ExampleWriter(dataSource, writers);
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
        return writer.insert(batch);
    }

    /**
     * Stores examples that never passed through Kafka (simulated or imported history); an event id already
     * backfilled is skipped.
     *
     * @return how many were new
     */
    public int backfill(List<LabelledExampleMessage> examples) {
        return writer.insert(examples.stream().map(e -> new StoredExample(e, null)).toList());
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

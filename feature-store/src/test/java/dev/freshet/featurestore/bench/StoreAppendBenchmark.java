package dev.freshet.featurestore.bench;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.KafkaPosition;
import dev.freshet.featurestore.StoredExample;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.testinfra.SharedInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Rows per second that {@link FeatureStore#append} writes into the local PostgreSQL in batches of 500
 * and 2,000 examples of 12 features (the drone set's size) spread over three partitions, with one writer
 * (the baseline) and one writer per partition (the sink's default); -Dpartitions and -Dwriters=1,2 vary them, and the rate of re-appending the same batches (all
 * skipped as duplicates), over one open connection. Prints the median over repeated rounds and records every
 * setting for the benchmark report. The sink's target is 30,000 rows/s.
 */
public final class StoreAppendBenchmark {

    private static final int ROWS_PER_ROUND = 20_000;
    private static final int ROUNDS = 7;
    private static final int PARTITIONS = Integer.getInteger("partitions", 3);
    private static final int[] WRITERS = java.util.Arrays.stream(System.getProperty("writers", "1,3").split(","))
            .mapToInt(Integer::parseInt).toArray();

    private static final String NEW_ROWS = "append new rows";
    private static final String SAME_ROWS = "append the same rows again (all skipped)";

    /** The per-round rates of one operation with one number of writers and one batch size. */
    private record Setting(String operation, int writers, int batch, double[] rates) {}

    private StoreAppendBenchmark() {}

    public static void main(String[] args) {
        InfraEndpoints e = SharedInfra.endpoints();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(e.jdbcUrl());
        ds.setUser(e.dbUser());
        ds.setPassword(e.dbPassword());
        // As in the service, where a pool (Agroal) hands out open connections: one kept open here.
        new FeatureStore(ds).migrate();
        String featureSet = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.printf(Locale.ROOT, "%d rounds of %,d rows per batch size, after one warm-up round%n", ROUNDS,
                ROWS_PER_ROUND);
        System.out.println("| operation | writers | batch | median | min–max |");
        System.out.println("|---|---|---|---|---|");
        long offset = 0;
        List<Setting> measured = new ArrayList<>();
        for (int writers : WRITERS) {
            FeatureStore store = new FeatureStore(new OpenConnections(ds, writers), writers);
            for (int batchSize : new int[] {500, 2_000}) {
                double[] fresh = new double[ROUNDS];
                double[] duplicates = new double[ROUNDS];
                for (int round = 0; round < ROUNDS + 1; round++) {
                    List<List<StoredExample>> batches = new ArrayList<>();
                    for (int b = 0; b < ROWS_PER_ROUND / batchSize; b++) {
                        batches.add(batch(featureSet, offset, batchSize));
                        offset += batchSize;
                    }
                    long start = System.nanoTime();
                    batches.forEach(store::append);
                    long middle = System.nanoTime();
                    batches.forEach(store::append);
                    long end = System.nanoTime();
                    if (round > 0) { // the first round warms up
                        fresh[round - 1] = ROWS_PER_ROUND / ((middle - start) / 1e9);
                        duplicates[round - 1] = ROWS_PER_ROUND / ((end - middle) / 1e9);
                    }
                }
                measured.add(new Setting(NEW_ROWS, writers, batchSize, fresh));
                measured.add(new Setting(SAME_ROWS, writers, batchSize, duplicates));
                row(NEW_ROWS, writers, batchSize, fresh);
                row(SAME_ROWS, writers, batchSize, duplicates);
            }
        }
        record(measured);
        System.exit(0);
    }

    /** The figures for the report: each setting, with one writer on the same operation and batch size as its baseline. */
    private static void record(List<Setting> measured) {
        BenchRecorder recorder = BenchRecorder.start(StoreAppendBenchmark.class, "Feature store: appends", 5)
                .setup(String.format(Locale.ROOT, "FeatureStore.append into the local PostgreSQL of examples of 12 "
                        + "features (the drone set's size) spread over %d partitions, over connections opened once as a "
                        + "pool provides them. Per setting (writers × batch size) %d rounds of %,d rows after one warm-up "
                        + "round, each round's rows appended and then appended again (all skipped as duplicates); "
                        + "median and min–max over the rounds. Several writers store the partitions in parallel, each in "
                        + "its own transaction (the sink's default: one per partition); the baseline, in the same run, is "
                        + "one writer with the same operation and batch size. No target: the issue sets one for the sink "
                        + "(SinkBenchmark), not for the store.", PARTITIONS, ROUNDS, ROWS_PER_ROUND));
        for (Setting s : measured) {
            Figure figure = Figure.of(String.format(Locale.ROOT, "store: %s, %d writer%s, batches of %,d", s.operation(),
                    s.writers(), s.writers() == 1 ? "" : "s", s.batch()), "rows/s", Stats.of(s.rates()));
            if (s.writers() != 1) {
                for (Setting one : measured) {
                    if (one.writers() == 1 && one.operation().equals(s.operation()) && one.batch() == s.batch()) {
                        figure = figure.baseline(String.format(Locale.ROOT, "1 writer, batches of %,d", s.batch()),
                                "rows/s", Stats.of(one.rates()));
                    }
                }
            }
            recorder.figure(figure);
        }
        recorder.write();
    }

    private static List<StoredExample> batch(String featureSet, long firstOffset, int size) {
        List<StoredExample> batch = new ArrayList<>(size);
        Instant t0 = Instant.parse("2026-11-02T08:00:00Z");
        for (int i = 0; i < size; i++) {
            long n = firstOffset + i;
            Map<String, Double> features = new LinkedHashMap<>();
            for (int f = 0; f < 12; f++) {
                features.put("f" + f, (n * 31 + f) % 97 / 7.0);
            }
            Instant event = t0.plus(Duration.ofSeconds(n));
            batch.add(new StoredExample(new LabelledExampleMessage("e" + n, featureSet, 1, "shop-" + n % 50, event,
                    event.plusSeconds(3600), features, n % 2 == 0 ? "busy" : "quiet"),
                    new KafkaPosition("freshet.examples", (int) (n % PARTITIONS), n)));
        }
        return batch;
    }

    private static void row(String name, int writers, int batch, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %d | %,d | %,.0f rows/s | %,.0f–%,.0f |%n", name, writers, batch, sorted[sorted.length / 2],
                sorted[0], sorted[sorted.length - 1]);
    }

    /** A data source over a few connections opened once, as a pool (Agroal in the service) provides: close() returns them. */
    private static final class OpenConnections extends PGSimpleDataSource {
        private static final long serialVersionUID = 1L;
        private final transient java.util.concurrent.BlockingQueue<java.sql.Connection> idle =
                new java.util.concurrent.LinkedBlockingQueue<>();

        OpenConnections(PGSimpleDataSource source, int count) {
            try {
                for (int i = 0; i < count; i++) {
                    java.sql.Connection real = source.getConnection();
                    idle.add((java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                            getClass().getClassLoader(), new Class<?>[] {java.sql.Connection.class},
                            (proxy, method, methodArgs) -> {
                                if (method.getName().equals("close")) {
                                    if (!real.getAutoCommit()) {
                                        real.setAutoCommit(true);
                                    }
                                    real.setReadOnly(false);
                                    idle.add((java.sql.Connection) proxy);
                                    return null;
                                }
                                try {
                                    return method.invoke(real, methodArgs);
                                } catch (java.lang.reflect.InvocationTargetException ex) {
                                    throw ex.getCause();
                                }
                            }));
                }
            } catch (java.sql.SQLException ex) {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public java.sql.Connection getConnection() {
            try {
                return idle.take();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}

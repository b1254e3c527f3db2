package dev.freshet.pipeline.source.drone;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.pipeline.source.Sources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code make backfill}: writes N simulated days of drone history straight into the feature store, ending
 * where the live source starts (the most recent Monday 00:00 UTC by default), so a new model starts from
 * the past. Idempotent: running it again stores nothing twice. Reads {@code DB_JDBC_URL}, {@code DB_USER},
 * {@code DB_PASSWORD}; arguments: days [shops [seed]].
 */
public final class Backfill {

    private static final int BATCH = 2_000;

    private Backfill() {}

    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int shops = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
        String url = System.getenv("DB_JDBC_URL");
        if (url == null || url.isBlank()) {
            System.err.println("error: set DB_JDBC_URL, DB_USER and DB_PASSWORD (make infra-up writes them to .freshet/infra.env)");
            System.exit(2);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(System.getenv("DB_USER"));
        ds.setPassword(System.getenv("DB_PASSWORD"));
        FeatureStore store = new FeatureStore(ds);
        store.migrate();
        Instant end = Sources.lastMonday();
        Instant start = end.minus(Duration.ofDays(days));
        // The backfill's own seed stream keeps its shops apart from the live source's event ids.
        DroneSimulator simulator = new DroneSimulator(seed, shops, Instant.MAX);
        long written = 0;
        long total = 0;
        List<LabelledExampleMessage> batch = new ArrayList<>(BATCH);
        for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            for (Observation o : simulator.hour(hour)) {
                batch.add(o.example());
                if (batch.size() == BATCH) {
                    written += store.backfill(batch);
                    total += batch.size();
                    batch.clear();
                }
            }
        }
        written += store.backfill(batch);
        total += batch.size();
        System.out.printf("Backfilled %d of %d examples of %d days (%s to %s), %d shops; %d were there already.%n",
                written, total, days, start, end, shops, total - written);
    }
}

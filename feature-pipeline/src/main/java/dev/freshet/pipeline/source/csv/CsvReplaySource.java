package dev.freshet.pipeline.source.csv;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.data.CsvExampleReader;
import dev.freshet.learn.data.MissingValuePolicy;
import dev.freshet.pipeline.source.Emission;
import dev.freshet.pipeline.source.FeatureSource;
import dev.freshet.pipeline.source.Pacer;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Replays a labelled CSV file at a configured rate, split as in the classic breast-cancer-over-Kafka
 * tutorial: the training rows go to {@code freshet.examples} (their label is known at once), the held-out test
 * rows with their labels to {@code freshet.test-examples}, where inference scores each model version on them and
 * nothing learns them. Every feature is known at prediction time. Rows that
 * cannot be read are counted with their reason and skipped; the replay goes on. The file is read whole at
 * start (it is shuffled and split before the first row is sent).
 */
public final class CsvReplaySource implements FeatureSource {

    private static final Logger LOG = Logger.getLogger(CsvReplaySource.class);
    private static final int BATCH = 500;

    private final FeatureSet featureSet;
    private final List<LabelledExample> rows;
    private final int[] ordinals;
    private final boolean[] test;
    private final Pacer pacer;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private int position;

    /**
     * @param source       the CSV text, with a header line
     * @param featureSet   name of the feature set the rows follow
     * @param testFraction share of rows held out as features without labels
     * @param shuffle      shuffle (with {@code seed}) before splitting
     */
    public CsvReplaySource(Reader source, String featureSet, String label, Set<String> ignore, MissingValuePolicy missing,
                           double testFraction, boolean shuffle, long seed, Pacer pacer) throws IOException {
        if (testFraction < 0 || testFraction >= 1) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), not " + testFraction);
        }
        List<String> featureNames;
        try (CsvExampleReader reader = new CsvExampleReader(source, label, ignore, missing)) {
            featureNames = reader.featureNames();
            rows = new ArrayList<>();
            reader.forEachRemaining(rows::add);
            counters.put("rows_read", reader.rowsRead());
            counters.put("rows_rejected", reader.badRows());
            counters.put("rows_skipped_missing", reader.skippedRows());
            counters.put("values_imputed", reader.imputedValues());
            if (reader.badRows() > 0) {
                LOG.warnf("CSV %s: %d of %d rows rejected %s; first ones: %s", featureSet, reader.badRows(),
                        reader.rowsRead(), reader.badRowReasons(), reader.badRowSamples());
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the CSV for " + featureSet + " has no usable row");
        }
        Set<String> labels = new TreeSet<>();
        rows.forEach(r -> labels.add(r.label()));
        this.featureSet = new FeatureSet(featureSet, 1, "row",
                featureNames.stream().map(name -> new FeatureSpec(name, true)).toList(), List.copyOf(labels));
        // Each row keeps its ordinal in the file as its id, whatever the shuffle.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(seed));
        }
        this.ordinals = order.stream().mapToInt(Integer::intValue).toArray();
        int testRows = (int) Math.round(rows.size() * testFraction);
        this.test = new boolean[rows.size()];
        for (int i = rows.size() - testRows; i < rows.size(); i++) {
            test[i] = true;
        }
        counters.put("training_rows", (long) (rows.size() - testRows));
        counters.put("test_rows", (long) testRows);
        this.pacer = pacer;
    }

    @Override
    public FeatureSet featureSet() {
        return featureSet;
    }

    @Override
    public List<Emission> next() throws InterruptedException {
        int end = Math.min(rows.size(), position + pacer.batch(BATCH));
        List<Emission> out = new ArrayList<>(end - position);
        for (; position < end; position++) {
            pacer.acquire(1);
            int ordinal = ordinals[position];
            LabelledExample row = rows.get(ordinal);
            String id = featureSet.name() + "-" + ordinal;
            Instant now = Instant.now();
            Map<String, Double> features = row.features().asMap();
            LabelledExampleMessage example = new LabelledExampleMessage(id, featureSet.name(), featureSet.version(), id,
                    now, now, features, row.label());
            out.add(test[position] ? Emission.heldOut(example) : Emission.of(example));
        }
        return out;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> all = new LinkedHashMap<>(counters);
        all.put("rows_sent", (long) position);
        return all;
    }
}

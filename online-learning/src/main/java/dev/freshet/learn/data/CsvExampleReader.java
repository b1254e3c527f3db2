package dev.freshet.learn.data;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads labelled examples from a CSV file with a header line. One column is the label (any text); the
 * others are numeric features, except those named to ignore (an id column, say). Missing values follow a
 * {@link MissingValuePolicy}. A row that cannot be read (wrong number of fields, no label, a value that is
 * not a number) is counted with its reason and skipped, never a crash. A feature column whose first value
 * is text is refused at once with a message naming the column: categorical columns are not encoded here.
 * Time columns (when an example was observed, when its label came) are read apart from the features: epoch
 * milliseconds, an ISO-8601 instant, or a date or date-time taken as UTC; a row without a readable time is bad.
 */
public final class CsvExampleReader implements Iterator<LabelledExample>, Closeable {

    /** Values read as "missing". */
    public static final Set<String> MISSING_MARKERS = Set.of("", "?", "na", "n/a", "nan", "null");

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int labelColumn;
    private final int[] featureColumns;
    private final String[] featureNames;
    private final MissingValuePolicy missing;
    private final int columns;
    private final Map<String, Long> badRowReasons = new HashMap<>();
    private final List<String> badRowSamples = new ArrayList<>();
    private long rowsRead;
    private long badRows;
    private long skippedRows;
    private long imputedValues;
    private boolean firstRowChecked;
    private LabelledExample next;
    private final int[] timeColumns;
    private final String[] timeNames;
    private long[] nextTimes;
    private long[] times;

    public CsvExampleReader(Reader reader, String label, Set<String> ignore, MissingValuePolicy missing)
            throws IOException {
        this(reader, label, ignore, missing, List.of());
    }

    /** @param timeColumns columns read as times, in this order ({@link #times()}), and not as features */
    public CsvExampleReader(Reader reader, String label, Set<String> ignore, MissingValuePolicy missing,
                            List<String> timeColumns) throws IOException {
        this.parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(reader);
        this.records = parser.iterator();
        this.missing = missing;
        List<String> header = parser.getHeaderNames();
        this.columns = header.size();
        this.labelColumn = header.indexOf(label);
        if (labelColumn < 0) {
            throw new IllegalArgumentException("no column '" + label + "' in the header " + header);
        }
        for (String name : ignore) {
            if (!header.contains(name)) {
                throw new IllegalArgumentException("cannot ignore column '" + name + "': not in the header " + header);
            }
        }
        this.timeNames = timeColumns.toArray(String[]::new);
        this.timeColumns = new int[timeNames.length];
        for (int t = 0; t < timeNames.length; t++) {
            this.timeColumns[t] = header.indexOf(timeNames[t]);
            if (this.timeColumns[t] < 0) {
                throw new IllegalArgumentException("no time column '" + timeNames[t] + "' in the header " + header);
            }
        }
        List<Integer> features = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (i != labelColumn && !ignore.contains(header.get(i)) && !timeColumns.contains(header.get(i))) {
                features.add(i);
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no feature column left besides the label '" + label + "'");
        }
        this.featureColumns = features.stream().mapToInt(Integer::intValue).toArray();
        this.featureNames = Arrays.stream(featureColumns).mapToObj(header::get).toArray(String[]::new);
    }

    /** Feature column names, in file order. */
    public List<String> featureNames() {
        return List.of(featureNames);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (!records.hasNext()) {
                return false;
            }
            next = parse(records.next());
        }
        return true;
    }

    @Override
    public LabelledExample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LabelledExample example = next;
        next = null;
        times = nextTimes;
        return example;
    }

    /** The time columns of the example {@link #next()} returned last, epoch ms, in the order they were named. */
    public long[] times() {
        return times.clone();
    }

    private LabelledExample parse(CSVRecord record) {
        rowsRead++;
        long line = record.getParser() == null ? rowsRead + 1 : parser.getCurrentLineNumber();
        if (record.size() != columns) {
            return bad(line, "has " + record.size() + " fields, the header " + columns);
        }
        String label = record.get(labelColumn);
        if (isMissing(label)) {
            return bad(line, "has no label");
        }
        long[] rowTimes = new long[timeColumns.length];
        for (int t = 0; t < timeColumns.length; t++) {
            String text = record.get(timeColumns[t]);
            try {
                rowTimes[t] = epochMillis(text);
            } catch (DateTimeParseException | NumberFormatException e) {
                return bad(line, "column '" + timeNames[t] + "' is not a time (epoch ms, ISO-8601 or a date)");
            }
        }
        nextTimes = rowTimes;
        String[] names = featureNames;
        double[] values = new double[featureColumns.length];
        int present = 0;
        boolean[] known = new boolean[featureColumns.length];
        for (int f = 0; f < featureColumns.length; f++) {
            String text = record.get(featureColumns[f]);
            if (isMissing(text)) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                if (!firstRowChecked) {
                    throw new IllegalArgumentException("column '" + featureNames[f] + "' holds '" + text + "' on line "
                            + line + ", which is not a number: leave it out with --ignore " + featureNames[f]
                            + " (text columns are not encoded)");
                }
                return bad(line, "column '" + featureNames[f] + "' is not a number");
            }
            if (!Double.isFinite(value)) {
                return bad(line, "column '" + featureNames[f] + "' is infinite");
            }
            values[f] = value;
            known[f] = true;
            present++;
        }
        firstRowChecked = true;
        if (present < featureColumns.length) {
            if (missing == MissingValuePolicy.SKIP_ROW) {
                skippedRows++;
                return null;
            }
            imputedValues += featureColumns.length - present;
            String[] subsetNames = new String[present];
            double[] subsetValues = new double[present];
            for (int f = 0, i = 0; f < featureColumns.length; f++) {
                if (known[f]) {
                    subsetNames[i] = names[f];
                    subsetValues[i++] = values[f];
                }
            }
            return new LabelledExample(new FeatureVector(subsetNames, subsetValues), label);
        }
        // Every complete row shares the one names array, so learners map it once.
        return new LabelledExample(new FeatureVector(names, values), label);
    }

    private LabelledExample bad(long line, String reason) {
        badRows++;
        badRowReasons.merge(reason, 1L, Long::sum);
        if (badRowSamples.size() < 10) {
            badRowSamples.add("line " + line + ": " + reason);
        }
        return null;
    }

    /** Epoch ms, an ISO-8601 instant, or a date or date-time (a space for the T allowed) taken as UTC. */
    static long epochMillis(String text) {
        if (!text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-') && text.indexOf('-', 1) < 0) {
            return Long.parseLong(text);
        }
        String iso = text.replace(' ', 'T');
        if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        }
        if (iso.contains("T")) {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static boolean isMissing(String text) {
        return MISSING_MARKERS.contains(text.toLowerCase(Locale.ROOT));
    }

    /** Data rows read, good or bad. */
    public long rowsRead() {
        return rowsRead;
    }

    /** Rows that could not be read, each counted once. */
    public long badRows() {
        return badRows;
    }

    /** Rows skipped for a missing value under {@link MissingValuePolicy#SKIP_ROW}. */
    public long skippedRows() {
        return skippedRows;
    }

    /** Missing values filled with the running mean under {@link MissingValuePolicy#IMPUTE}. */
    public long imputedValues() {
        return imputedValues;
    }

    /** Bad rows per reason. */
    public Map<String, Long> badRowReasons() {
        return Map.copyOf(badRowReasons);
    }

    /** The first few bad rows, with line numbers. */
    public List<String> badRowSamples() {
        return List.copyOf(badRowSamples);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.freshet.pipeline.source.crypto;

import dev.freshet.pipeline.source.Pacer;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

/**
 * Replays a trades CSV at a configured rate. Two layouts are read: a header naming the columns
 * ({@code timestamp}, {@code price}, {@code qty} or {@code volume}, and optionally {@code symbol},
 * {@code side}, {@code trade_id}), or Kraken's headerless history files ({@code unix_time,price,volume}) for
 * one symbol. Timestamps are Unix seconds (fractions allowed) or RFC 3339. A row that cannot be read is
 * counted with its reason and skipped.
 */
public final class TradeFileFeed implements TradeFeed {

    private static final Logger LOG = Logger.getLogger(TradeFileFeed.class);
    private static final int BATCH = 1_000;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Pacer pacer;
    private final String defaultSymbol;
    private final Map<String, Integer> columns = new LinkedHashMap<>();
    private final Map<String, Long> rejected = new LinkedHashMap<>();
    private CSVRecord firstRow;
    private long rowsRead;
    private long rowsRejected;

    /** @param defaultSymbol the symbol of rows that name none (Kraken's files are one symbol each) */
    public TradeFileFeed(Reader reader, String defaultSymbol, Pacer pacer) throws IOException {
        this.parser = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get().parse(reader);
        this.records = parser.iterator();
        this.pacer = pacer;
        this.defaultSymbol = defaultSymbol;
        if (records.hasNext()) {
            CSVRecord first = records.next();
            if (isNumber(first.get(0))) {
                columns.put("timestamp", 0);
                columns.put("price", 1);
                columns.put("qty", 2);
                firstRow = first;
            } else {
                for (int i = 0; i < first.size(); i++) {
                    String name = first.get(i).toLowerCase(Locale.ROOT);
                    columns.put(switch (name) {
                        case "time" -> "timestamp";
                        case "volume", "amount", "quantity" -> "qty";
                        case "pair", "product" -> "symbol";
                        case "id", "tradeid" -> "trade_id";
                        default -> name;
                    }, i);
                }
                for (String needed : List.of("timestamp", "price", "qty")) {
                    if (!columns.containsKey(needed)) {
                        throw new IllegalArgumentException("the trades file has no '" + needed + "' column; its header is "
                                + first.toList());
                    }
                }
            }
        }
    }

    @Override
    public List<Trade> poll(Duration timeout) throws InterruptedException {
        if (firstRow == null && !records.hasNext()) {
            return null;
        }
        int n = pacer.batch(BATCH);
        List<Trade> out = new ArrayList<>(n);
        try {
            while (out.size() < n && (firstRow != null || records.hasNext())) {
                CSVRecord record = firstRow != null ? firstRow : records.next();
                firstRow = null;
                rowsRead++;
                Trade trade = parse(record);
                if (trade != null) {
                    out.add(trade);
                }
            }
        } catch (UncheckedIOException e) {
            LOG.errorf("Trades file unreadable after %d rows: %s", rowsRead, e.getMessage());
            return null;
        }
        pacer.acquire(out.size());
        return out;
    }

    private Trade parse(CSVRecord record) {
        try {
            String symbol = column(record, "symbol");
            String side = column(record, "side");
            String id = column(record, "trade_id");
            return new Trade(symbol == null || symbol.isEmpty() ? defaultSymbol : symbol,
                    timestamp(required(record, "timestamp")), Double.parseDouble(required(record, "price")),
                    Double.parseDouble(required(record, "qty")), side == null || side.toLowerCase(Locale.ROOT).startsWith("b"),
                    id == null || id.isEmpty() ? -1 : Long.parseLong(id));
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            String reason = e instanceof NumberFormatException ? "a value is not a number"
                    : e instanceof DateTimeParseException ? "the timestamp is neither Unix seconds nor RFC 3339"
                    : e.getMessage();
            rowsRejected++;
            if (rejected.merge(reason, 1L, Long::sum) == 1) {
                LOG.warnf("Trades file line %d rejected: %s", parser.getCurrentLineNumber(), reason);
            }
            return null;
        }
    }

    private String column(CSVRecord record, String name) {
        Integer index = columns.get(name);
        return index == null || index >= record.size() ? null : record.get(index);
    }

    private String required(CSVRecord record, String name) {
        String value = column(record, name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("no " + name);
        }
        return value;
    }

    private static Instant timestamp(String text) {
        if (isNumber(text)) {
            BigDecimal seconds = new BigDecimal(text);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValueExact());
        }
        return Instant.parse(text);
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("rows_read", rowsRead);
        counters.put("rows_rejected", rowsRejected);
        return counters;
    }

    /** Rejected rows per reason. */
    public Map<String, Long> rejectedReasons() {
        return Map.copyOf(rejected);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            LOG.debugf("closing the trades file: %s", e.getMessage());
        }
    }
}

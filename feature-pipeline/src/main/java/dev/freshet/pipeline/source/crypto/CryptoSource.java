package dev.freshet.pipeline.source.crypto;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.pipeline.source.Emission;
import dev.freshet.pipeline.source.FeatureSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trades to OHLC candles per product, candles to features, and the price direction {@code horizon} candles
 * later as the label. A candle's features go out when it closes (event time: its end); its labelled example
 * goes out when the candle {@code horizon} intervals later closes (label time: that candle's end), so labels
 * trail features by exactly {@code horizon} candles.
 */
public final class CryptoSource implements FeatureSource {

    /** Longest run of empty intervals filled with flat candles; a longer one restarts the product's window. */
    static final int MAX_GAP = 60;
    private static final Duration POLL = Duration.ofMillis(200);

    private record Pending(long index, double close, FeatureVectorMessage features) {}

    private final TradeFeed feed;
    private final Duration interval;
    private final int horizon;
    private final Map<String, CandleBuilder> builders = new HashMap<>();
    private final Map<String, CandleFeatures> features = new HashMap<>();
    private final Map<String, Deque<Pending>> pending = new HashMap<>();
    private long trades;
    private long candles;
    private boolean ended;

    /** @param horizon candles between a candle and the one whose close labels it */
    public CryptoSource(TradeFeed feed, Duration interval, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("the horizon is at least one candle, not " + horizon);
        }
        this.feed = feed;
        this.interval = interval;
        this.horizon = horizon;
    }

    @Override
    public FeatureSet featureSet() {
        return CandleFeatures.FEATURE_SET;
    }

    @Override
    public List<Emission> next() throws InterruptedException {
        List<Emission> out = new ArrayList<>();
        while (out.isEmpty() && !ended) {
            List<Trade> batch = feed.poll(POLL);
            if (batch == null) {
                ended = true; // candles still open stay unfinished: their interval never ended
                break;
            }
            for (Trade trade : batch) {
                trades++;
                onCandles(builder(trade.symbol()).add(trade), out);
            }
            feed.watermark().ifPresent(watermark -> builders.values().forEach(b -> onCandles(b.advanceTo(watermark), out)));
        }
        return out;
    }

    private void onCandles(List<Candle> closed, List<Emission> out) {
        for (Candle candle : closed) {
            candles++;
            String symbol = candle.symbol();
            long index = candle.start().toEpochMilli() / interval.toMillis();
            Deque<Pending> waiting = pending.computeIfAbsent(symbol, s -> new ArrayDeque<>());
            if (candle.afterGap()) {
                waiting.clear(); // their label candle will never come
            }
            // Labels first: the candle that settles an earlier one closes before its own features are sent.
            while (!waiting.isEmpty() && waiting.peekFirst().index() + horizon <= index) {
                Pending p = waiting.removeFirst();
                if (p.index() + horizon == index) {
                    FeatureVectorMessage f = p.features();
                    out.add(Emission.of(new LabelledExampleMessage(f.eventId(), f.featureSet(), f.schemaVersion(),
                            f.entityId(), f.eventTime(), candle.end(), f.features(),
                            CandleFeatures.direction(p.close(), candle.close()))));
                }
            }
            features.computeIfAbsent(symbol, s -> new CandleFeatures()).add(candle).ifPresent(values -> {
                FeatureVectorMessage f = new FeatureVectorMessage(symbol + "@" + candle.start(), featureSet().name(),
                        featureSet().version(), symbol, candle.end(), values);
                out.add(Emission.of(f));
                waiting.addLast(new Pending(index, candle.close(), f));
            });
        }
    }

    private CandleBuilder builder(String symbol) {
        return builders.computeIfAbsent(symbol, s -> new CandleBuilder(s, interval, MAX_GAP));
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> all = new LinkedHashMap<>(feed.counters());
        all.put("trades", trades);
        all.put("candles", candles);
        all.put("late_trades", builders.values().stream().mapToLong(CandleBuilder::lateTrades).sum());
        return all;
    }

    @Override
    public void close() {
        feed.close();
    }
}

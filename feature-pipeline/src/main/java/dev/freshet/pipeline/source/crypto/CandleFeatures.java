package dev.freshet.pipeline.source.crypto;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Features of one product from its recent candles: log returns over 1, 5 and 15 candles, the volatility of
 * one-candle returns over 15, log volume and volume against its 15-candle mean, trade count, the candle's
 * range, the close against the VWAP, and the buyers' share of volume. Everything is known when the candle
 * closes. The first 15 candles of a product (or after a gap) only warm up the window.
 */
public final class CandleFeatures {

    /** Candles needed before features exist. */
    public static final int WINDOW = 15;
    public static final String UP = "up";
    /** The close did not rise: fell or stayed. */
    public static final String DOWN = "down";

    /** Minutes in a day: the period of the time of day. */
    static final int MINUTES_PER_DAY = 1440;

    /**
     * The crypto feature set. Markets have daily rhythms (sessions, volume by hour), so the candle's close time of day
     * is a feature, cyclical: 23:59 lies next to 00:00. Version 2: version 1 had no time of day.
     */
    public static final FeatureSet FEATURE_SET = new FeatureSet("crypto", 2, "symbol", List.of(
            new FeatureSpec("return_1", true), new FeatureSpec("return_5", true), new FeatureSpec("return_15", true),
            new FeatureSpec("volatility_15", true), new FeatureSpec("log_volume", true),
            new FeatureSpec("volume_ratio_15", true), new FeatureSpec("trade_count", true),
            new FeatureSpec("range", true), new FeatureSpec("close_vs_vwap", true), new FeatureSpec("buy_share", true),
            new FeatureSpec("minute_of_day", true, "cyclical(" + MINUTES_PER_DAY + ")")),
            List.of(UP, DOWN));

    private final Deque<Candle> window = new ArrayDeque<>();

    /** Adds the next closed candle; returns its features once the window is full. */
    public Optional<Map<String, Double>> add(Candle candle) {
        if (candle.afterGap()) {
            window.clear();
        }
        window.addLast(candle);
        if (window.size() > WINDOW + 1) {
            window.removeFirst();
        }
        if (window.size() <= WINDOW) {
            return Optional.empty();
        }
        Candle[] c = window.toArray(Candle[]::new); // c[WINDOW] is the newest, c[0] fifteen candles before
        double close = candle.close();
        double sumReturns = 0;
        double sumSquares = 0;
        double sumVolume = 0;
        for (int i = 1; i <= WINDOW; i++) {
            double r = Math.log(c[i].close() / c[i - 1].close());
            sumReturns += r;
            sumSquares += r * r;
            sumVolume += c[i].volume();
        }
        double mean = sumReturns / WINDOW;
        double meanVolume = sumVolume / WINDOW;
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("return_1", Math.log(close / c[WINDOW - 1].close()));
        f.put("return_5", Math.log(close / c[WINDOW - 5].close()));
        f.put("return_15", Math.log(close / c[0].close()));
        f.put("volatility_15", Math.sqrt(Math.max(0, sumSquares / WINDOW - mean * mean)));
        f.put("log_volume", Math.log1p(candle.volume()));
        f.put("volume_ratio_15", meanVolume > 0 ? candle.volume() / meanVolume : 0);
        f.put("trade_count", (double) candle.trades());
        f.put("range", (candle.high() - candle.low()) / close);
        f.put("close_vs_vwap", Math.log(close / candle.vwap()));
        f.put("buy_share", candle.volume() > 0 ? candle.buyVolume() / candle.volume() : 0.5);
        f.put("minute_of_day", (double) Math.floorMod(candle.end().getEpochSecond() / 60, MINUTES_PER_DAY));
        return Optional.of(f);
    }

    /** The label of a candle closing at {@code from} whose successor {@code horizon} candles on closes at {@code to}. */
    public static String direction(double from, double to) {
        return to > from ? UP : DOWN;
    }
}

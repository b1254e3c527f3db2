package dev.freshet.pipeline.source.crypto;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the candles of one product from its trades in event time. A candle closes when a trade of a later
 * interval arrives, or when the watermark passes its end (a live feed with a quiet market). Intervals
 * without trades become flat candles, up to {@code maxGap}; a longer gap starts afresh. Trades older than
 * the open candle are counted as late and dropped.
 */
public final class CandleBuilder {

    private final String symbol;
    private final long intervalMillis;
    private final int maxGap;
    private Candle open;
    private double sumPriceQty;
    private Candle lastClosed;
    private long lateTrades;

    /** @param maxGap longest run of empty intervals filled with flat candles */
    public CandleBuilder(String symbol, Duration interval, int maxGap) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("candle interval must be at least 1 ms, not " + interval);
        }
        this.symbol = symbol;
        this.intervalMillis = interval.toMillis();
        this.maxGap = maxGap;
    }

    /** Adds a trade; returns the candles it closed, oldest first. */
    public List<Candle> add(Trade trade) {
        Instant start = startOf(trade.time());
        List<Candle> closed = new ArrayList<>();
        if (open != null && start.isBefore(open.start()) || open == null && lastClosed != null
                && start.isBefore(lastClosed.end())) {
            lateTrades++;
            return closed;
        }
        if (open != null && start.isAfter(open.start())) {
            closed.add(close());
        }
        boolean afterGap = false;
        if (open == null && lastClosed != null) {
            long missing = (start.toEpochMilli() - lastClosed.end().toEpochMilli()) / intervalMillis;
            if (missing > maxGap) {
                afterGap = true;
            } else {
                for (long i = 0; i < missing; i++) {
                    closed.add(flat(lastClosed));
                }
            }
        }
        if (open == null) {
            open = new Candle(symbol, start, start.plusMillis(intervalMillis), trade.price(), trade.price(),
                    trade.price(), trade.price(), 0, 0, 0, trade.price(), afterGap);
            sumPriceQty = 0;
        }
        sumPriceQty += trade.price() * trade.qty();
        double volume = open.volume() + trade.qty();
        open = new Candle(symbol, open.start(), open.end(), open.open(), Math.max(open.high(), trade.price()),
                Math.min(open.low(), trade.price()), trade.price(), volume,
                open.buyVolume() + (trade.buy() ? trade.qty() : 0), open.trades() + 1, sumPriceQty / volume,
                open.afterGap());
        return closed;
    }

    /** Closes the open candle when the watermark has passed its end; flat candles fill up to the watermark. */
    public List<Candle> advanceTo(Instant watermark) {
        List<Candle> closed = new ArrayList<>();
        if (open != null && !watermark.isBefore(open.end())) {
            closed.add(close());
        }
        while (open == null && lastClosed != null && closed.size() <= maxGap
                && !watermark.isBefore(lastClosed.end().plusMillis(intervalMillis))) {
            closed.add(flat(lastClosed));
        }
        return closed;
    }

    /** Trades dropped because their candle had closed already. */
    public long lateTrades() {
        return lateTrades;
    }

    private Candle close() {
        lastClosed = open;
        open = null;
        return lastClosed;
    }

    private Candle flat(Candle previous) {
        Instant start = previous.end();
        double c = previous.close();
        lastClosed = new Candle(symbol, start, start.plusMillis(intervalMillis), c, c, c, c, 0, 0, 0, c, false);
        return lastClosed;
    }

    private Instant startOf(Instant time) {
        long millis = time.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(millis, intervalMillis) * intervalMillis);
    }
}

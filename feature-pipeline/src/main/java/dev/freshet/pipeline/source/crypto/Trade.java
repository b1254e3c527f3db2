package dev.freshet.pipeline.source.crypto;

import java.time.Instant;
import java.util.Objects;

/**
 * One exchange trade.
 *
 * @param symbol  the product, e.g. {@code BTC/USD}
 * @param time    when it happened (exchange time)
 * @param price   positive
 * @param qty     base-currency amount, positive
 * @param buy     true when the taker bought
 * @param tradeId the exchange's id, increasing per product; -1 when unknown
 */
public record Trade(String symbol, Instant time, double price, double qty, boolean buy, long tradeId) {

    public Trade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(time, "time");
        if (!(price > 0) || !Double.isFinite(price)) {
            throw new IllegalArgumentException("price must be a positive number, not " + price);
        }
        if (!(qty > 0) || !Double.isFinite(qty)) {
            throw new IllegalArgumentException("quantity must be a positive number, not " + qty);
        }
    }
}

package dev.freshet.pipeline.source.crypto;

import java.time.Instant;

/**
 * An OHLC candle of one product over one interval. A candle without trades repeats the previous close with
 * zero volume.
 *
 * @param start      inclusive
 * @param end        exclusive
 * @param buyVolume  volume of the trades whose taker bought
 * @param vwap       volume-weighted average price; the close when there was no trade
 * @param afterGap   the first candle after a gap too long to fill: what came before it does not count
 */
public record Candle(String symbol, Instant start, Instant end, double open, double high, double low, double close,
                     double volume, double buyVolume, int trades, double vwap, boolean afterGap) {}

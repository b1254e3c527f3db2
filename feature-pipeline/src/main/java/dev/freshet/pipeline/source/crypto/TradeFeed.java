package dev.freshet.pipeline.source.crypto;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the crypto source's trades come from: a live exchange, a file, or a simulator. */
public interface TradeFeed extends AutoCloseable {

    /**
     * The next trades, in time order per product, waiting at most {@code timeout}.
     *
     * @return possibly empty; {@code null} once the feed has ended
     */
    List<Trade> poll(Duration timeout) throws InterruptedException;

    /**
     * How far event time has certainly advanced, for closing candles in a quiet market; empty when only the
     * trades themselves tell (files, simulators) or the feed is not connected.
     */
    default Optional<Instant> watermark() {
        return Optional.empty();
    }

    /** Counters worth reporting, by name. */
    Map<String, Long> counters();

    @Override
    default void close() {}
}

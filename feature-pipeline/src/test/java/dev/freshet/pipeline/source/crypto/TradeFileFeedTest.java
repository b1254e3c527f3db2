package dev.freshet.pipeline.source.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.pipeline.source.Pacer;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trades files: both layouts, and bad rows counted with their reason while the good ones go through. */
class TradeFileFeedTest {

    private static List<Trade> readAll(TradeFileFeed feed) throws InterruptedException {
        List<Trade> all = new ArrayList<>();
        for (List<Trade> batch = feed.poll(Duration.ZERO); batch != null; batch = feed.poll(Duration.ZERO)) {
            all.addAll(batch);
        }
        return all;
    }

    @Test
    void aFileWithAHeaderNamesItsColumns() throws Exception {
        String csv = """
                timestamp,symbol,side,price,qty,trade_id
                2026-11-21T10:00:01.500Z,BTC/USD,buy,97000.5,0.01,1001
                2026-11-21T10:00:02Z,ETH/USD,sell,3100.25,1.5,2001
                """;
        List<Trade> trades = readAll(new TradeFileFeed(new StringReader(csv), "ignored", Pacer.unlimited()));
        assertThat(trades).containsExactly(
                new Trade("BTC/USD", Instant.parse("2026-11-21T10:00:01.500Z"), 97000.5, 0.01, true, 1001),
                new Trade("ETH/USD", Instant.parse("2026-11-21T10:00:02Z"), 3100.25, 1.5, false, 2001));
    }

    @Test
    void krakensHeaderlessHistoryIsReadForTheConfiguredSymbol() throws Exception {
        String csv = "1763719200.25,97000.1,0.5\n1763719201,97001.0,0.25\n";
        List<Trade> trades = readAll(new TradeFileFeed(new StringReader(csv), "BTC/USD", Pacer.unlimited()));
        assertThat(trades).hasSize(2);
        assertThat(trades.get(0).time()).isEqualTo(Instant.ofEpochSecond(1763719200L, 250_000_000));
        assertThat(trades).extracting(Trade::symbol).containsOnly("BTC/USD");
    }

    @Test
    void malformedRowsAndNonNumericValuesAreCountedAndSkippedNeverACrash() throws Exception {
        String csv = """
                timestamp,price,qty
                2026-11-21T10:00:01Z,100,1
                2026-11-21T10:00:02Z,abc,1
                yesterday,100,1
                2026-11-21T10:00:03Z,-5,1
                2026-11-21T10:00:04Z,100
                2026-11-21T10:00:05Z,101,2
                """;
        TradeFileFeed feed = new TradeFileFeed(new StringReader(csv), "BTC/USD", Pacer.unlimited());
        List<Trade> trades = readAll(feed);
        assertThat(trades).extracting(Trade::price).containsExactly(100.0, 101.0);
        assertThat(feed.counters()).containsEntry("rows_read", 6L).containsEntry("rows_rejected", 4L);
        assertThat(feed.rejectedReasons()).containsOnlyKeys("a value is not a number",
                "the timestamp is neither Unix seconds nor RFC 3339", "price must be a positive number, not -5.0",
                "no qty");
    }

    @Test
    void aHeaderWithoutAPriceIsRefusedAtOnceNamingTheColumn() {
        assertThatThrownBy(() -> new TradeFileFeed(new StringReader("time,amount\n1,2\n"), "BTC/USD", Pacer.unlimited()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'price' column");
    }
}

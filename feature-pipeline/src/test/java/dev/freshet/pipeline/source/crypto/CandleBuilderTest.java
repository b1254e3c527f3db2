package dev.freshet.pipeline.source.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trades to candles: OHLC, volume, VWAP, closing on later trades or the watermark, gaps, late trades. */
class CandleBuilderTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static Trade trade(long secondsAfter, double price, double qty, boolean buy) {
        return new Trade("BTC/USD", T0.plusSeconds(secondsAfter), price, qty, buy, secondsAfter);
    }

    @Test
    void aCandleHoldsOpenHighLowCloseVolumeAndVwapAndClosesOnTheFirstTradeOfTheNextInterval() {
        CandleBuilder builder = new CandleBuilder("BTC/USD", Duration.ofMinutes(1), 60);
        assertThat(builder.add(trade(1, 100, 1, true))).isEmpty();
        assertThat(builder.add(trade(20, 104, 2, false))).isEmpty();
        assertThat(builder.add(trade(40, 98, 1, true))).isEmpty();
        assertThat(builder.add(trade(59, 101, 4, false))).isEmpty();
        List<Candle> closed = builder.add(trade(61, 102, 1, true));
        assertThat(closed).hasSize(1);
        Candle c = closed.get(0);
        assertThat(c.start()).isEqualTo(T0);
        assertThat(c.end()).isEqualTo(T0.plusSeconds(60));
        assertThat(new double[] {c.open(), c.high(), c.low(), c.close()}).containsExactly(100, 104, 98, 101);
        assertThat(c.volume()).isEqualTo(8);
        assertThat(c.buyVolume()).isEqualTo(2);
        assertThat(c.trades()).isEqualTo(4);
        assertThat(c.vwap()).isCloseTo((100 + 208 + 98 + 404) / 8.0, within(1e-12));
        assertThat(c.afterGap()).isFalse();
    }

    @Test
    void emptyIntervalsBecomeFlatCandlesAndATooLongGapStartsAfresh() {
        CandleBuilder builder = new CandleBuilder("BTC/USD", Duration.ofMinutes(1), 3);
        builder.add(trade(10, 100, 1, true));
        List<Candle> closed = builder.add(trade(3 * 60 + 5, 110, 1, true)); // minutes 1 and 2 had no trade
        assertThat(closed).hasSize(3);
        assertThat(closed.get(1).start()).isEqualTo(T0.plusSeconds(60));
        assertThat(closed.subList(1, 3)).allSatisfy(flat -> {
            assertThat(flat.close()).isEqualTo(100);
            assertThat(flat.volume()).isZero();
            assertThat(flat.trades()).isZero();
        });
        List<Candle> afterLongGap = builder.add(trade(20 * 60, 120, 1, true)); // 15 empty minutes > 3
        assertThat(afterLongGap).hasSize(1).first().satisfies(c -> assertThat(c.close()).isEqualTo(110));
        List<Candle> next = builder.add(trade(21 * 60, 121, 1, true));
        assertThat(next).hasSize(1).first().satisfies(c -> {
            assertThat(c.afterGap()).isTrue();
            assertThat(c.start()).isEqualTo(T0.plusSeconds(20 * 60));
        });
    }

    @Test
    void theWatermarkClosesAQuietCandleAndFillsQuietIntervalsAndLateTradesAreDropped() {
        CandleBuilder builder = new CandleBuilder("BTC/USD", Duration.ofMinutes(1), 60);
        builder.add(trade(10, 100, 1, true));
        assertThat(builder.advanceTo(T0.plusSeconds(59))).isEmpty();
        assertThat(builder.advanceTo(T0.plusSeconds(60))).hasSize(1);
        assertThat(builder.advanceTo(T0.plusSeconds(185))).extracting(Candle::start)
                .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(builder.add(trade(150, 99, 1, true))).isEmpty(); // its minute is closed already
        assertThat(builder.lateTrades()).isEqualTo(1);
        assertThat(builder.add(trade(190, 99, 1, true))).isEmpty();
        assertThat(builder.add(trade(250, 98, 1, true))).singleElement()
                .satisfies(c -> assertThat(c.close()).isEqualTo(99));
    }
}

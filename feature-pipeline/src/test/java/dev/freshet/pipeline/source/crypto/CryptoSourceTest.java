package dev.freshet.pipeline.source.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.pipeline.source.Emission;
import dev.freshet.pipeline.source.Pacer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Candles to features and labels: features once the window is full, each candle's example exactly
 * {@code horizon} candles later with the direction of the close, nothing labelled from the future.
 */
class CryptoSourceTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** A feed of fixed trades, then the end. */
    private static TradeFeed scripted(List<Trade> trades) {
        return new TradeFeed() {
            private boolean sent;

            @Override
            public List<Trade> poll(Duration timeout) {
                if (sent) {
                    return null;
                }
                sent = true;
                return trades;
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of();
            }
        };
    }

    private static List<Emission> drain(CryptoSource source) throws InterruptedException {
        List<Emission> all = new ArrayList<>();
        for (List<Emission> batch = source.next(); !batch.isEmpty(); batch = source.next()) {
            all.addAll(batch);
        }
        return all;
    }

    @Test
    void eachCandleIsLabelledByTheCloseHorizonCandlesLaterAndSentOnlyThen() throws Exception {
        int horizon = 3;
        int minutes = 40;
        double[] closes = new double[minutes];
        List<Trade> trades = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            closes[m] = 100 + 10 * Math.sin(m / 3.0); // rises and falls
            trades.add(new Trade("ETH/USD", T0.plusSeconds(m * 60L + 5), closes[m] - 1, 1, true, 2L * m));
            trades.add(new Trade("ETH/USD", T0.plusSeconds(m * 60L + 50), closes[m], 2, false, 2L * m + 1));
        }
        trades.add(new Trade("ETH/USD", T0.plusSeconds(minutes * 60L + 1), 100, 1, true, 999)); // closes the last minute
        List<Emission> emissions = drain(new CryptoSource(scripted(trades), Duration.ofMinutes(1), horizon));

        Map<String, Integer> featuresAt = new HashMap<>();
        List<LabelledExampleMessage> examples = new ArrayList<>();
        for (int i = 0; i < emissions.size(); i++) {
            if (emissions.get(i) instanceof Emission.Features f) {
                featuresAt.put(f.message().eventId(), i);
                assertThat(f.message().features()).containsOnlyKeys(CandleFeatures.FEATURE_SET.featureNames());
                // The candle's close time of day, in minutes: the minute its candle ends, UTC.
                assertThat(f.message().features().get("minute_of_day")).isEqualTo((double) Math.floorMod(
                        f.message().eventTime().getEpochSecond() / 60, CandleFeatures.MINUTES_PER_DAY));
            } else if (emissions.get(i) instanceof Emission.Example e) {
                assertThat(featuresAt).as("features before their example").containsKey(e.message().eventId());
                examples.add(e.message());
            }
        }
        // Minutes 0..14 warm the window up; 15..39 have features; the last `horizon` have no label yet.
        assertThat(featuresAt).hasSize(minutes - CandleFeatures.WINDOW);
        assertThat(examples).hasSize(minutes - CandleFeatures.WINDOW - horizon);
        for (LabelledExampleMessage example : examples) {
            int m = (int) Duration.between(T0, example.eventTime()).toMinutes() - 1; // event time: the candle's end
            assertThat(example.eventId()).isEqualTo("ETH/USD@" + T0.plusSeconds(m * 60L));
            assertThat(example.labelTime()).isEqualTo(example.eventTime().plus(Duration.ofMinutes(horizon)));
            assertThat(example.label()).isEqualTo(closes[m + horizon] > closes[m] ? "up" : "down");
        }
        assertThat(examples).extracting(LabelledExampleMessage::label).contains("up", "down");
    }

    @Test
    void theSimulatorIsDeterministicAndItsLabelsAreRoughlyBalanced() throws Exception {
        Instant start = Instant.parse("2026-11-21T00:00:00Z");
        List<Emission> a = firstEmissions(new TradeSimulator(List.of("BTC/USD", "ETH/USD"), start, 7, Pacer.unlimited()), 2_000);
        List<Emission> b = firstEmissions(new TradeSimulator(List.of("BTC/USD", "ETH/USD"), start, 7, Pacer.unlimited()), 2_000);
        assertThat(a).isEqualTo(b);
        long up = a.stream().filter(e -> e instanceof Emission.Example x && x.message().label().equals("up")).count();
        long examples = a.stream().filter(e -> e instanceof Emission.Example).count();
        assertThat(examples).isGreaterThan(500);
        assertThat((double) up / examples).isBetween(0.35, 0.65);
        assertThat(a).filteredOn(e -> e instanceof Emission.Features)
                .extracting(e -> ((Emission.Features) e).message()).extracting(FeatureVectorMessage::entityId)
                .contains("BTC/USD", "ETH/USD");
    }

    private static List<Emission> firstEmissions(TradeFeed feed, int count) throws InterruptedException {
        CryptoSource source = new CryptoSource(feed, Duration.ofMinutes(1), 5);
        List<Emission> out = new ArrayList<>();
        while (out.size() < count) {
            out.addAll(source.next());
        }
        return out.subList(0, count);
    }
}

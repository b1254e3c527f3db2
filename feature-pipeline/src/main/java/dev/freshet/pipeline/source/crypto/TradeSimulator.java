package dev.freshet.pipeline.source.crypto;

import dev.freshet.pipeline.source.Pacer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulated trades for a few products on a simulated clock: a log-price random walk whose drift follows a
 * slow mean-reverting process (trends that last some minutes, so the direction is somewhat predictable, as
 * momentum is on real markets), Poisson arrivals (two trades a simulated second per product on average), and
 * takers that mostly trade with the move. Real time is set by the pacer, not by the simulated clock.
 * Deterministic for a seed.
 */
public final class TradeSimulator implements TradeFeed {

    private static final double TRADES_PER_SECOND = 2.0;
    private static final double NOISE_PER_TRADE = 4e-4;
    /** Mean-reversion time of the drift, in trades (about ten simulated minutes). */
    private static final double DRIFT_MEMORY = 1200;
    private static final double DRIFT_SPREAD = 6e-5;
    private static final int BATCH = 1_000;

    private final List<String> symbols;
    private final SplittableRandom random;
    private final Pacer pacer;
    private final double[] logPrice;
    private final double[] drift;
    private final long[] nextId;
    private long clockMicros;
    private long generated;

    public TradeSimulator(List<String> symbols, Instant start, long seed, Pacer pacer) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("simulate at least one symbol");
        }
        this.symbols = List.copyOf(symbols);
        this.random = new SplittableRandom(seed);
        this.pacer = pacer;
        this.logPrice = new double[symbols.size()];
        this.drift = new double[symbols.size()];
        this.nextId = new long[symbols.size()];
        for (int i = 0; i < symbols.size(); i++) {
            logPrice[i] = Math.log(100 * Math.pow(10, i % 4) * (1 + random.nextDouble()));
        }
        this.clockMicros = start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000;
    }

    @Override
    public List<Trade> poll(Duration timeout) throws InterruptedException {
        int n = pacer.batch(BATCH);
        pacer.acquire(n);
        List<Trade> out = new ArrayList<>(n);
        double meanGapMicros = 1e6 / (TRADES_PER_SECOND * symbols.size());
        for (int t = 0; t < n; t++) {
            clockMicros += (long) (-Math.log(1 - random.nextDouble()) * meanGapMicros) + 1;
            int s = random.nextInt(symbols.size());
            drift[s] += -drift[s] / DRIFT_MEMORY + random.nextGaussian() * DRIFT_SPREAD * Math.sqrt(2 / DRIFT_MEMORY);
            double move = drift[s] + random.nextGaussian() * NOISE_PER_TRADE;
            logPrice[s] += move;
            boolean buy = random.nextDouble() < (move > 0 ? 0.65 : 0.35);
            double qty = Math.exp(random.nextGaussian() - 2);
            Instant time = Instant.ofEpochSecond(clockMicros / 1_000_000, clockMicros % 1_000_000 * 1_000);
            out.add(new Trade(symbols.get(s), time, Math.exp(logPrice[s]), qty, buy, nextId[s]++));
        }
        generated += n;
        return out;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("trades_simulated", generated);
        return counters;
    }
}

package dev.freshet.learn.drift;

/**
 * How a learner watches its error for drift and what it does on a signal.
 *
 * @param minChange        rise of the error rate a drift must show (a warning from half of it)
 * @param warmUp           examples the lineage learns before signals count: until then its error falls as it learns,
 *                         and swings while it meets each part of the stream for the first time
 * @param reaction         none, challenger or reset
 * @param challengerStart  warm (the model's weights, optimiser and replay reset) or fresh
 * @param hold             examples a change must last before a model trained through it may serve
 * @param maxChallengerAge examples a challenger learns before it is judged against the model and the champion
 */
public record DriftPolicy(double minChange, long warmUp, DriftReaction reaction, DriftReaction.Start challengerStart,
                          long hold, int maxChallengerAge) {

    public DriftPolicy {
        if (!(minChange > 0 && minChange < 1)) {
            throw new IllegalArgumentException("the minimum change of the error must be above 0 and below 1, not "
                    + minChange);
        }
        if (warmUp < 0 || hold < 0 || maxChallengerAge < 1) {
            throw new IllegalArgumentException("drift warm-up and hold are counts of examples, and a challenger needs "
                    + "at least one example: " + warmUp + ", " + hold + ", " + maxChallengerAge);
        }
    }

    /** The trainer's defaults: a change of 0.15, a day of the drone demo to warm up, a warm challenger. */
    public static DriftPolicy defaults() {
        return new DriftPolicy(0.15, 8_400, DriftReaction.CHALLENGER, DriftReaction.Start.WARM, 2_000, 8_400);
    }

    public DriftPolicy withReaction(DriftReaction value, DriftReaction.Start start) {
        return new DriftPolicy(minChange, warmUp, value, start, hold, maxChallengerAge);
    }
}

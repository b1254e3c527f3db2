package dev.freshet.training.service;

import dev.freshet.learn.drift.DriftReaction;

/**
 * How a model watches its error for drift and what it does on a signal.
 *
 * @param minChange         rise of the error rate a drift must show (a warning from half of it)
 * @param warmUp            examples the lineage learns before signals count: until then its error falls as it learns,
 *                          and swings while it meets each part of the stream for the first time
 * @param reaction          none, challenger or reset
 * @param challengerStart   warm (the model's weights, optimiser reset) or fresh
 * @param hold              examples a change must last before a version trained through it serves (the gate's hold)
 * @param maxChallengerAge  examples a challenger has to beat the model and the champion before it is dropped
 */
record DriftPolicy(double minChange, long warmUp, DriftReaction reaction, DriftReaction.Start challengerStart,
                   long hold, int maxChallengerAge) {

    DriftPolicy {
        if (!(minChange > 0 && minChange < 1)) {
            throw new IllegalArgumentException("freshet.training.drift.min-change must be above 0 and below 1, not "
                    + minChange);
        }
        if (warmUp < 0 || hold < 0 || maxChallengerAge < 1) {
            throw new IllegalArgumentException("drift warm-up and hold are counts of examples, and a challenger needs "
                    + "at least one example: " + warmUp + ", " + hold + ", " + maxChallengerAge);
        }
    }
}

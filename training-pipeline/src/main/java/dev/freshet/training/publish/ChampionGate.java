package dev.freshet.training.publish;

import dev.freshet.learn.eval.OutcomeWindow;

/**
 * Decides whether a new version may become the champion: its rolling prequential accuracy is at or above the
 * floor (or above a champion that is itself below it), and at least the serving champion's accuracy on the same
 * recent examples. A champion scored on fewer
 * examples than half the window or the hold, whichever is less (just loaded, e.g. after someone rolled back), is
 * not compared against: the candidate waits.
 *
 * <p>Holding after a drift: comparing on recent examples alone would promote a version that learned a
 * label-flipped (poisoned) burst, since on that burst it beats the champion. So after the model's drift
 * detector signals, no version replaces an existing champion until {@code holdAfterDrift} examples have passed
 * with no further signal. A burst that ends sooner is followed by the true labels again, which the poisoned
 * versions get wrong (the detector signals again, and the candidate loses the comparison); a real change that
 * lasts is served once the hold is over.
 *
 * @param floor          rolling accuracy a candidate needs at least
 * @param holdAfterDrift examples after a drift signal before a version may replace the champion; 0 turns it off
 */
public record ChampionGate(double floor, long holdAfterDrift) {

    public ChampionGate {
        if (holdAfterDrift < 0) {
            throw new IllegalArgumentException("the hold after a drift is a number of examples, not " + holdAfterDrift);
        }
    }

    /** Why a candidate was or was not promoted. */
    public record Decision(boolean promote, String reason) {}

    /**
     * @param examplesSinceDrift examples learned since the model's last drift signal ({@link Long#MAX_VALUE} for
     *                           none)
     */
    public Decision decide(OutcomeWindow candidate, OutcomeWindow champion, boolean hasChampion, long examplesSinceDrift) {
        if (candidate.count() == 0) {
            return new Decision(false, "no examples scored yet");
        }
        double accuracy = candidate.accuracy();
        if (!hasChampion) {
            return accuracy < floor
                    ? new Decision(false, String.format("rolling accuracy %.4f below the floor %.4f", accuracy, floor))
                    : new Decision(true, String.format("first champion: rolling accuracy %.4f, floor %.4f", accuracy,
                    floor));
        }
        // The floor keeps a poor version out, never one better than a champion that is itself below it: after a
        // drift both windows hold the change's first hours, and the stale champion would otherwise serve on.
        if (accuracy < floor && !(champion.count() > 0 && champion.accuracy() < floor)) {
            return new Decision(false, String.format("rolling accuracy %.4f below the floor %.4f", accuracy, floor));
        }
        if (examplesSinceDrift < holdAfterDrift) {
            return new Decision(false, String.format("held: drift detected %d examples ago; a change must last %d "
                    + "examples before a version trained through it serves", examplesSinceDrift, holdAfterDrift));
        }
        // A champion just loaded has been scored on few examples; but after a hold, the examples since the change
        // are what a comparison must be made on, and a challenger brings its own record of them.
        long enough = Math.min(champion.capacity() / 2, Math.max(1, holdAfterDrift));
        if (champion.count() < enough || champion.count() < candidate.count() / 2) {
            return new Decision(false, "the champion has been scored on " + champion.count()
                    + " recent examples only; waiting to compare");
        }
        double championAccuracy = champion.accuracy();
        if (accuracy < championAccuracy) {
            return new Decision(false, String.format("rolling accuracy %.4f below the champion's %.4f on the same examples",
                    accuracy, championAccuracy));
        }
        return new Decision(true, String.format("rolling accuracy %.4f, champion %.4f on the same %d examples, floor %.4f",
                accuracy, championAccuracy, champion.count(), floor));
    }
}

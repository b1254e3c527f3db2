package dev.freshet.training.service;

/**
 * Decides whether a new version may become the champion: its rolling prequential accuracy is at or above the
 * floor, and at least the serving champion's accuracy on the same recent examples. A champion whose window is
 * not yet half full (just loaded, e.g. after someone rolled back) is not compared against: the candidate waits.
 */
public record ChampionGate(double floor) {

    /** Why a candidate was or was not promoted. */
    public record Decision(boolean promote, String reason) {}

    Decision decide(RollingAccuracy candidate, RollingAccuracy champion, boolean hasChampion) {
        if (candidate.count() == 0) {
            return new Decision(false, "no examples scored yet");
        }
        double accuracy = candidate.accuracy();
        if (accuracy < floor) {
            return new Decision(false, String.format("rolling accuracy %.4f below the floor %.4f", accuracy, floor));
        }
        if (!hasChampion) {
            return new Decision(true, String.format("first champion: rolling accuracy %.4f, floor %.4f", accuracy, floor));
        }
        if (champion.count() < champion.window() / 2 || champion.count() < candidate.count() / 2) {
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

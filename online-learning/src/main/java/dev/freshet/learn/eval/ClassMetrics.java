package dev.freshet.learn.eval;

/**
 * One class seen as the positive class: the one-vs-rest confusion counts and the scores built on them.
 * Precision, recall and F1 are 0 when undefined (no positive prediction, no positive example).
 */
public record ClassMetrics(String label, long truePositives, long falsePositives, long falseNegatives,
                           long trueNegatives) {

    public double precision() {
        long predicted = truePositives + falsePositives;
        return predicted == 0 ? 0 : (double) truePositives / predicted;
    }

    public double recall() {
        long actual = truePositives + falseNegatives;
        return actual == 0 ? 0 : (double) truePositives / actual;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Examples of this class. */
    public long support() {
        return truePositives + falseNegatives;
    }
}

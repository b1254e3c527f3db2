package dev.freshet.learn.drift;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.eval.EventTimeTester;
import java.util.Arrays;

/**
 * A learner started beside a model when its drift detector signalled, learning the examples from then on. It is
 * tested at event time, as the model is, and on the same examples the model's and the serving champion's answers
 * are counted, so the three are compared on equal terms. It is judged once, when it has learned {@code maxAge}
 * examples (the gate's window: on a stream with a daily rhythm, a comparison over a few hours favours whoever
 * follows the current hour and forgets the others): promoted — it replaces the model — when the change has lasted
 * (no further signal for the hold), it is better than the model beyond chance ({@link #beatsModel()}) and at least
 * as good as the champion; dropped otherwise. Not thread-safe: the training loop drives it.
 */
public final class Challenger {

    /** What {@link #verdict} decides. */
    public enum Verdict { WAIT, PROMOTE, DROP }

    private final OnlineLearner learner;
    private final EventTimeTester tester;
    private final DriftReaction.Start start;
    private final long bornAtExample;
    private final int maxAge;
    private boolean[] right = new boolean[64];
    private boolean[] championRight = new boolean[64];
    private int age;
    private long rightCount;
    private long modelRight;
    /** Examples the challenger got right and the model wrong, and the other way round (McNemar's test). */
    private long onlyChallengerRight;
    private long onlyModelRight;
    private long championRightCount;
    private long championScored;

    /**
     * @param learner       the challenger's learner, warm or fresh
     * @param start         how it started, for reports
     * @param bornAtExample the model's example count when it started
     * @param maxAge        examples it learns before it is judged
     * @param tester        how it is tested at event time: from the model's tester for a warm start
     *                      ({@link EventTimeTester#forDescendant}), from the model's label time for a fresh one
     */
    public Challenger(OnlineLearner learner, DriftReaction.Start start, long bornAtExample, int maxAge,
                      EventTimeTester tester) {
        if (maxAge < 1) {
            throw new IllegalArgumentException("a challenger needs at least one example to prove itself, not " + maxAge);
        }
        this.learner = learner;
        this.tester = tester;
        this.start = start;
        this.bornAtExample = bornAtExample;
        this.maxAge = maxAge;
    }

    /**
     * Tests the example with the challenger as it was at the example's event time, then learns it.
     *
     * @param modelWasRight    whether the model answered it right (tested at event time too)
     * @param championWasRight whether the serving champion did; null when there is no champion or it was made after
     *                         the example was observed
     */
    public void learn(LabelledExample example, long eventMillis, long labelMillis, boolean modelWasRight,
                      Boolean championWasRight) {
        ClassPrediction prediction = tester.testerAt(eventMillis).predict(example.features());
        learner.learn(example);
        tester.learned(eventMillis, labelMillis);
        boolean wasRight = example.label().equals(prediction.label());
        if (age == right.length) {
            right = Arrays.copyOf(right, Math.min(maxAge, right.length * 2));
            championRight = Arrays.copyOf(championRight, right.length);
        }
        right[age] = wasRight;
        // Where the champion was not scored its record is the challenger's own: such an example decides nothing.
        championRight[age] = championWasRight == null ? wasRight : championWasRight;
        age++;
        rightCount += wasRight ? 1 : 0;
        modelRight += modelWasRight ? 1 : 0;
        if (wasRight != modelWasRight) {
            if (wasRight) {
                onlyChallengerRight++;
            } else {
                onlyModelRight++;
            }
        }
        if (championWasRight != null) {
            championScored++;
            championRightCount += championWasRight ? 1 : 0;
        }
    }

    /** The end of a training batch (see {@link EventTimeTester#batchEnded()}). */
    public void batchEnded() {
        tester.batchEnded();
    }

    /**
     * @param hold               examples the change must last before the challenger may serve (the gate's hold)
     * @param examplesSinceDrift examples since the model's last drift signal
     */
    public Verdict verdict(long hold, long examplesSinceDrift) {
        if (age < maxAge) {
            return Verdict.WAIT;
        }
        boolean beats = beatsModel() && (championScored == 0 || accuracy() >= championAccuracy());
        return beats && examplesSinceDrift >= hold ? Verdict.PROMOTE : Verdict.DROP;
    }

    /**
     * Better than the model on the same examples beyond chance: McNemar's statistic over the examples only one of the
     * two got right is at least {@value #SURE}. Two learners a point apart on a few thousand examples are not told
     * apart otherwise, and replacing a model by an equal one only costs what it knew.
     */
    public boolean beatsModel() {
        long discordant = onlyChallengerRight + onlyModelRight;
        return discordant > 0 && (onlyChallengerRight - onlyModelRight) / Math.sqrt(discordant) >= SURE;
    }

    /** Worse than the model on the same examples beyond chance (the same test the other way round). */
    public boolean losesToModel() {
        long discordant = onlyChallengerRight + onlyModelRight;
        return discordant > 0 && (onlyModelRight - onlyChallengerRight) / Math.sqrt(discordant) >= SURE;
    }

    /** McNemar's statistic a challenger must reach against the model: about 98 % one-sided. */
    static final double SURE = 2.0;

    public OnlineLearner learner() {
        return learner;
    }

    public DriftReaction.Start start() {
        return start;
    }

    /** The model's example count when the challenger started. */
    public long bornAtExample() {
        return bornAtExample;
    }

    /** Examples learned since it started. */
    public int age() {
        return age;
    }

    /** Its accuracy on the examples since it started (NaN before the first). */
    public double accuracy() {
        return age == 0 ? Double.NaN : (double) rightCount / age;
    }

    /** The model's accuracy on the same examples. */
    public double modelAccuracy() {
        return age == 0 ? Double.NaN : (double) modelRight / age;
    }

    /** The serving champion's accuracy on the same examples (NaN when there was none). */
    public double championAccuracy() {
        return championScored == 0 ? Double.NaN : (double) championRightCount / championScored;
    }

    /** Whether the challenger answered each example since it started right, oldest first. */
    public boolean[] outcomes() {
        return Arrays.copyOf(right, age);
    }

    /** Whether the champion answered each example since it started right (the challenger's own where not scored). */
    public boolean[] championOutcomes() {
        return Arrays.copyOf(championRight, age);
    }

    /** Frozen copies kept for testing at event time (see {@link EventTimeTester}). */
    public EventTimeTester tester() {
        return tester;
    }
}

package dev.freshet.learn.eval;

import dev.freshet.learn.OnlineLearner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Test, then train, honest about time: an example is tested with the learner as it was when the example's features
 * were observed — before any label that became known after that. Labels come late and together (all of an hour at
 * once, say); testing each with a learner that has just learned the others of its burst scores what no served model
 * could have answered. So at the end of each batch that carried late labels a frozen copy of the learner is kept,
 * tagged with the newest label time it has learned, and an example is tested with the newest copy whose labels were
 * all known at its event time (the live learner when nothing it learned came later). At most {@link #STATES_KEPT}
 * copies are kept: when more come, the one in the densest stretch for its age goes, so copies stay spaced about
 * geometrically by age and cover short and long label delays alike. The trainer, the challenger beside it and the
 * drone benchmark all test this way.
 */
public final class EventTimeTester {

    /** Frozen copies of the learner kept for testing at event time. */
    public static final int STATES_KEPT = 32;
    /**
     * How far one label time may move the tester's clock (the newest label time learned) ahead. Labels arrive
     * about in label-time order, so a label far ahead of the ones before it is a producer's error: unbounded, one
     * such time would leave every later example "observed before a label learned" and tested with one stale copy.
     */
    public static final long MAX_LABEL_LEAD_MILLIS = Duration.ofDays(1).toMillis();

    /** The learner frozen after it had learned every label known at {@code labelTime}, for tests only. */
    private record FrozenState(long labelTime, OnlineLearner scorer) {}

    private OnlineLearner learner;
    /** Newest label time learned, epoch ms. */
    private long learnedLabelTime = Long.MIN_VALUE;
    private boolean lateLabelsSinceCopy;
    private final Deque<FrozenState> frozen = new ArrayDeque<>();
    private long testedWithOldestState;
    private long labelTimesCut;

    public EventTimeTester(OnlineLearner learner) {
        this.learner = learner;
    }

    /**
     * A tester for a learner that starts now beside another (a challenger), whose labels up to
     * {@code learnedLabelTime} are learned already: examples observed before then are tested with the learner as it
     * starts, as the other's are with its state of then. Without this a newcomer would be tested on the rest of a
     * burst after learning its first examples, and look better than the model it is compared with.
     */
    public EventTimeTester(OnlineLearner learner, long learnedLabelTime) {
        this.learner = learner;
        if (learnedLabelTime > Long.MIN_VALUE) {
            this.learnedLabelTime = learnedLabelTime;
            frozen.addLast(new FrozenState(learnedLabelTime, learner.frozenCopy()));
        }
    }

    /**
     * A tester for {@code descendant}, a learner that starts now from this tester's learner (a warm challenger): the
     * copies kept are what it was at those times too, so it is tested at event time exactly as its ancestor is.
     */
    public EventTimeTester forDescendant(OnlineLearner descendant) {
        EventTimeTester tester = new EventTimeTester(descendant);
        tester.learnedLabelTime = learnedLabelTime;
        tester.frozen.addAll(frozen);
        tester.frozen.addLast(new FrozenState(learnedLabelTime, learner.frozenCopy()));
        return tester;
    }

    /** Newest label time learned, epoch ms ({@link Long#MIN_VALUE} before any). */
    public long learnedLabelTime() {
        return learnedLabelTime;
    }

    /**
     * From now on {@code next} is the learner that learns (a challenger promoted, a reset): the copies kept still
     * answer for the examples observed while its predecessor served.
     */
    public void switchTo(OnlineLearner next) {
        learner = next;
    }

    /** The learner that would have answered at {@code eventMillis}: one that had learned no later label. */
    public OnlineLearner testerAt(long eventMillis) {
        if (eventMillis >= learnedLabelTime || frozen.isEmpty()) {
            return learner; // nothing learned came later, or no label ever came late (none since a restart)
        }
        Iterator<FrozenState> newestFirst = frozen.descendingIterator();
        while (newestFirst.hasNext()) {
            FrozenState state = newestFirst.next();
            if (state.labelTime() <= eventMillis) {
                return state.scorer();
            }
        }
        // Older than every state kept (a delay beyond them): the oldest is the nearest there is.
        testedWithOldestState++;
        return frozen.peekFirst().scorer();
    }

    /**
     * After the learner learned an example observed at {@code eventMillis} whose label came at {@code labelMillis};
     * a label time more than {@link #MAX_LABEL_LEAD_MILLIS} ahead of the clock (or of the first event) is cut to
     * that.
     */
    public void learned(long eventMillis, long labelMillis) {
        long clock = learnedLabelTime == Long.MIN_VALUE ? eventMillis : learnedLabelTime;
        long bound = clock > Long.MAX_VALUE - MAX_LABEL_LEAD_MILLIS ? Long.MAX_VALUE : clock + MAX_LABEL_LEAD_MILLIS;
        if (labelMillis > bound) {
            labelMillis = bound;
            labelTimesCut++;
        }
        learnedLabelTime = Math.max(learnedLabelTime, labelMillis);
        lateLabelsSinceCopy |= labelMillis > eventMillis;
    }

    /**
     * The end of a batch: when it carried labels that came after their features, the learner is frozen as it is
     * now, for the examples still to come whose features were observed before those labels.
     */
    public void batchEnded() {
        if (!lateLabelsSinceCopy || (!frozen.isEmpty() && frozen.peekLast().labelTime() >= learnedLabelTime)) {
            return;
        }
        frozen.addLast(new FrozenState(learnedLabelTime, learner.frozenCopy()));
        lateLabelsSinceCopy = false;
        if (frozen.size() > STATES_KEPT) {
            dropDensestState();
        }
    }

    /**
     * Drops the copy whose loss coarsens testing least: the one whose neighbours are closest together relative to its
     * age. Copies then stay spaced about geometrically by age (one a few labels old, one some hundreds, one some
     * hundred thousands), so an example is tested with a state about as close to its event time, relatively, whatever
     * the label delay. The oldest and the newest are always kept. (Dropping every other copy instead kept only the
     * newest 32 batches and the first: with labels that come one batch at a time, every example whose delay exceeded
     * 32 batches was tested with the learner of the stream's start.)
     */
    private void dropDensestState() {
        List<FrozenState> kept = new ArrayList<>(frozen);
        long now = learnedLabelTime;
        int drop = -1;
        double least = Double.POSITIVE_INFINITY;
        for (int i = 1; i < kept.size() - 1; i++) {
            double gap = (double) kept.get(i + 1).labelTime() - kept.get(i - 1).labelTime();
            double age = Math.max(1.0, (double) now - kept.get(i).labelTime());
            if (gap / age < least) {
                least = gap / age;
                drop = i;
            }
        }
        kept.remove(drop);
        frozen.clear();
        frozen.addAll(kept);
    }

    /** Examples tested with the oldest frozen state because none was old enough. */
    public long testedWithOldestState() {
        return testedWithOldestState;
    }

    /** Label times cut to {@link #MAX_LABEL_LEAD_MILLIS} ahead of the clock. */
    public long labelTimesCut() {
        return labelTimesCut;
    }

    /** Frozen states kept now. */
    public int frozenStates() {
        return frozen.size();
    }
}

package dev.freshet.learn.eval;

/**
 * The outcomes of the last {@code capacity} answers — right, wrong or abstained — and their counts: the rolling
 * window the trainer's champion gate compares on and inference's live accuracy is measured over. Constant time per
 * outcome, one byte of memory each. Not thread-safe.
 */
public final class OutcomeWindow {

    private static final byte ABSTAINED = 0;
    private static final byte WRONG = 1;
    private static final byte RIGHT = 2;

    private final byte[] outcomes;
    private int next;
    private int size;
    private int answered;
    private int right;
    private long recorded;

    public OutcomeWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a window holds at least one outcome, not " + capacity);
        }
        this.outcomes = new byte[capacity];
    }

    /** An answer, right or wrong. */
    public void record(boolean wasRight) {
        record(false, wasRight);
    }

    /** An answer, or an abstention (whose rightness does not count). */
    public void record(boolean abstained, boolean wasRight) {
        if (size == outcomes.length) {
            count(outcomes[next], -1);
        } else {
            size++;
        }
        byte outcome = abstained ? ABSTAINED : wasRight ? RIGHT : WRONG;
        outcomes[next] = outcome;
        count(outcome, 1);
        next = next + 1 == outcomes.length ? 0 : next + 1;
        recorded++;
    }

    private void count(byte outcome, int delta) {
        if (outcome != ABSTAINED) {
            answered += delta;
        }
        if (outcome == RIGHT) {
            right += delta;
        }
    }

    /** Share right among the outcomes in the window that were answers; NaN when there is none. */
    public double accuracy() {
        return answered == 0 ? Double.NaN : (double) right / answered;
    }

    /** Share of the window that was answered; NaN when it is empty. */
    public double coverage() {
        return size == 0 ? Double.NaN : (double) answered / size;
    }

    /** Outcomes in the window. */
    public int count() {
        return size;
    }

    public int capacity() {
        return outcomes.length;
    }

    /** Outcomes recorded since it was made (or cleared), the ones gone from the window too. */
    public long recorded() {
        return recorded;
    }

    /** An independent window holding the same outcomes. */
    public OutcomeWindow copy() {
        OutcomeWindow copy = new OutcomeWindow(outcomes.length);
        System.arraycopy(outcomes, 0, copy.outcomes, 0, outcomes.length);
        copy.next = next;
        copy.size = size;
        copy.answered = answered;
        copy.right = right;
        copy.recorded = recorded;
        return copy;
    }

    public void clear() {
        next = 0;
        size = 0;
        answered = 0;
        right = 0;
        recorded = 0;
    }
}

package dev.freshet.inference.stream;

/**
 * The last {@code capacity} labelled answers of one model version: abstained, wrong or right. Thread-safe.
 */
final class RollingOutcomes {

    private static final byte ABSTAINED = 0;
    private static final byte WRONG = 1;
    private static final byte RIGHT = 2;

    private final byte[] outcomes;
    private int next;
    private int size;
    private int answered;
    private int right;
    private long labelled;

    RollingOutcomes(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a window holds at least one answer, not " + capacity);
        }
        this.outcomes = new byte[capacity];
    }

    synchronized void add(boolean abstained, boolean correct) {
        if (size == outcomes.length) {
            count(outcomes[next], -1);
        } else {
            size++;
        }
        byte outcome = abstained ? ABSTAINED : correct ? RIGHT : WRONG;
        outcomes[next] = outcome;
        count(outcome, 1);
        next = (next + 1) % outcomes.length;
        labelled++;
    }

    private void count(byte outcome, int delta) {
        if (outcome != ABSTAINED) {
            answered += delta;
        }
        if (outcome == RIGHT) {
            right += delta;
        }
    }

    /** Share right among the answers in the window that did not abstain; NaN when there is none. */
    synchronized double accuracy() {
        return answered == 0 ? Double.NaN : (double) right / answered;
    }

    /** Share of the window that did not abstain; NaN when empty. */
    synchronized double coverage() {
        return size == 0 ? Double.NaN : (double) answered / size;
    }

    synchronized LiveAccuracy.Figures figures(long version) {
        return new LiveAccuracy.Figures(version, accuracy(), coverage(), size, labelled);
    }
}

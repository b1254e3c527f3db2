package dev.freshet.training.service;

/** Share of right answers over the last {@code window} examples. Not thread-safe. */
final class RollingAccuracy {

    private final boolean[] right;
    private int next;
    private int count;
    private int rightCount;

    RollingAccuracy(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the window needs at least one example, not " + window);
        }
        this.right = new boolean[window];
    }

    void record(boolean wasRight) {
        if (count == right.length) {
            if (right[next]) {
                rightCount--;
            }
        } else {
            count++;
        }
        right[next] = wasRight;
        if (wasRight) {
            rightCount++;
        }
        next = (next + 1) % right.length;
    }

    /** Examples in the window. */
    int count() {
        return count;
    }

    int window() {
        return right.length;
    }

    /** NaN before the first example. */
    double accuracy() {
        return count == 0 ? Double.NaN : (double) rightCount / count;
    }

    void clear() {
        next = 0;
        count = 0;
        rightCount = 0;
    }
}

package dev.freshet.inference.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} labelled answers of one model, whatever version gave them: its live accuracy over a
 * span that does not start again with each version, and the confusion matrix (true label by answered label, a
 * last column for abstentions). Thread-safe.
 */
final class LiveConfusion {

    private static final int ABSTAINED = -1;

    private final int[] actual;
    private final int[] answered;
    private final List<String> labels = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private long[][] counts = new long[0][1];
    private int next;
    private int size;
    private int answeredCount;
    private int right;
    private long labelled;

    LiveConfusion(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a window holds at least one answer, not " + capacity);
        }
        this.actual = new int[capacity];
        this.answered = new int[capacity];
    }

    synchronized void add(String truth, String answer, boolean abstained) {
        int t = indexOf(truth);
        int a = abstained || answer == null ? ABSTAINED : indexOf(answer);
        if (size == actual.length) {
            count(actual[next], answered[next], -1);
        } else {
            size++;
        }
        actual[next] = t;
        answered[next] = a;
        count(t, a, 1);
        next = (next + 1) % actual.length;
        labelled++;
    }

    private void count(int t, int a, int delta) {
        counts[t][a == ABSTAINED ? labels.size() : a] += delta;
        if (a != ABSTAINED) {
            answeredCount += delta;
            if (a == t) {
                right += delta;
            }
        }
    }

    private int indexOf(String label) {
        Integer i = index.get(label);
        if (i != null) {
            return i;
        }
        int k = labels.size();
        labels.add(label);
        index.put(label, k);
        long[][] grown = new long[k + 1][k + 2];
        for (int t = 0; t < k; t++) {
            System.arraycopy(counts[t], 0, grown[t], 0, k);
            grown[t][k + 1] = counts[t][k]; // abstentions move to the new last column
        }
        counts = grown;
        return k;
    }

    synchronized LiveAccuracy.ModelFigures figures() {
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
        }
        return new LiveAccuracy.ModelFigures(answeredCount == 0 ? Double.NaN : (double) right / answeredCount,
                size == 0 ? Double.NaN : (double) answeredCount / size, size, labelled, List.copyOf(labels), copy);
    }
}

package dev.freshet.learn.eval;

import dev.freshet.learn.ClassPrediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates prequential metrics: over the last {@code window} examples (a ring buffer) and in total.
 * Memory is O(window + classes²) however long the stream. Not thread-safe.
 */
public final class PrequentialMetrics {

    /** The default rolling window: the last 10,000 examples. */
    public static final int DEFAULT_WINDOW = 10_000;

    private static final double PROBABILITY_FLOOR = 1e-15;
    private static final int NONE = -1;

    private final int window;
    private final double abstainBelow;
    private final List<String> labels = new ArrayList<>();
    private final Map<String, Integer> labelIndex = new HashMap<>();

    private final Span total = new Span();
    private final Span recent = new Span();
    // Ring buffer of the window's examples.
    private final int[] trueLabels;
    private final int[] predictedLabels;
    private final double[] losses;
    private final boolean[] answered;
    private int head;
    private int filled;

    /**
     * @param window       examples in the rolling window
     * @param abstainBelow a prediction whose top probability is below this counts as unanswered (0: always answer)
     */
    public PrequentialMetrics(int window, double abstainBelow) {
        if (window < 1) {
            throw new IllegalArgumentException("window must hold at least one example, not " + window);
        }
        if (!(abstainBelow >= 0 && abstainBelow <= 1)) {
            throw new IllegalArgumentException("abstention threshold must be within [0, 1], not " + abstainBelow);
        }
        this.window = window;
        this.abstainBelow = abstainBelow;
        this.trueLabels = new int[window];
        this.predictedLabels = new int[window];
        this.losses = new double[window];
        this.answered = new boolean[window];
    }

    public PrequentialMetrics() {
        this(DEFAULT_WINDOW, 0);
    }

    public int window() {
        return window;
    }

    public double abstainBelow() {
        return abstainBelow;
    }

    /** Records the prediction made for an example before its label {@code actual} was learned. */
    public void record(String actual, ClassPrediction prediction) {
        int truth = index(actual);
        int predicted = prediction.isEmpty() ? NONE : index(prediction.label());
        double loss = -Math.log(Math.max(prediction.probability(actual), PROBABILITY_FLOOR));
        boolean answers = !prediction.isEmpty() && prediction.topProbability() >= abstainBelow;

        if (filled == window) {
            recent.remove(trueLabels[head], predictedLabels[head], losses[head], answered[head]);
        } else {
            filled++;
        }
        trueLabels[head] = truth;
        predictedLabels[head] = predicted;
        losses[head] = loss;
        answered[head] = answers;
        head = (head + 1) % window;

        recent.add(truth, predicted, loss, answers);
        total.add(truth, predicted, loss, answers);
        if (head == 0) {
            // Re-add the window's losses once per lap so rounding errors of add/remove never accumulate.
            double sum = 0;
            for (int i = 0; i < filled; i++) {
                sum += losses[i];
            }
            recent.lossSum = sum;
        }
    }

    /** Metrics over the last {@link #window()} examples. */
    public MetricsReport rolling() {
        return recent.report();
    }

    /** Metrics over every example recorded. */
    public MetricsReport overall() {
        return total.report();
    }

    public List<String> labels() {
        return List.copyOf(labels);
    }

    private int index(String label) {
        Integer i = labelIndex.get(label);
        if (i == null) {
            i = labels.size();
            labels.add(label);
            labelIndex.put(label, i);
            total.grow(labels.size());
            recent.grow(labels.size());
        }
        return i;
    }

    /** Counts over one span; the confusion matrix has an extra column for "no prediction". */
    private final class Span {
        long examples;
        long correct;
        long answeredCount;
        long answeredCorrect;
        double lossSum;
        long[][] confusion = new long[0][1];

        void grow(int k) {
            long[][] grown = new long[k][k + 1];
            for (int t = 0; t < confusion.length; t++) {
                int old = confusion[t].length - 1;
                System.arraycopy(confusion[t], 0, grown[t], 0, old);
                grown[t][k] = confusion[t][old];
            }
            confusion = grown;
        }

        private int column(int predicted) {
            return predicted == NONE ? confusion.length : predicted;
        }

        void add(int truth, int predicted, double loss, boolean answers) {
            examples++;
            lossSum += loss;
            confusion[truth][column(predicted)]++;
            if (truth == predicted) {
                correct++;
            }
            if (answers) {
                answeredCount++;
                if (truth == predicted) {
                    answeredCorrect++;
                }
            }
        }

        void remove(int truth, int predicted, double loss, boolean answers) {
            examples--;
            lossSum -= loss;
            confusion[truth][column(predicted)]--;
            if (truth == predicted) {
                correct--;
            }
            if (answers) {
                answeredCount--;
                if (truth == predicted) {
                    answeredCorrect--;
                }
            }
        }

        MetricsReport report() {
            int k = labels.size();
            List<ClassMetrics> classes = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                long tp = confusion[c][c];
                long fn = 0;
                long fp = 0;
                for (int j = 0; j <= k; j++) {
                    if (j != c) {
                        fn += confusion[c][j];
                    }
                }
                for (int t = 0; t < k; t++) {
                    if (t != c) {
                        fp += confusion[t][c];
                    }
                }
                classes.add(new ClassMetrics(labels.get(c), tp, fp, fn, examples - tp - fp - fn));
            }
            long[][] copy = new long[k][];
            for (int t = 0; t < k; t++) {
                copy[t] = confusion[t].clone();
            }
            return new MetricsReport(examples, ratio(correct, examples), examples == 0 ? 0 : lossSum / examples,
                    ratio(answeredCount, examples), ratio(answeredCorrect, answeredCount), List.copyOf(classes), copy);
        }

        private double ratio(long a, long b) {
            return b == 0 ? 0 : (double) a / b;
        }
    }
}

package dev.freshet.learn.eval;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.DriftDetector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Test, then train, in stream order and one example at a time: each example is predicted with everything
 * learned before it, then learned before the next one is predicted. Records the metrics and feeds the
 * prediction error (0 right, 1 wrong) to the drift detectors.
 *
 * <p>A label delay of D simulates labels that arrive D examples late: an example is learned only after the
 * next D examples were predicted. D = 0 is plain prequential evaluation.
 */
public final class PrequentialEvaluator {

    /** Drift events kept for reports; older ones are dropped (their count is kept). */
    public static final int MAX_EVENTS = 1_000;

    private final OnlineLearner learner;
    private final PrequentialMetrics metrics;
    private final List<DriftDetector> detectors;
    private final int labelDelay;
    private final Deque<LabelledExample> awaitingLabel = new ArrayDeque<>();
    private final Deque<DriftEvent> events = new ArrayDeque<>();
    private long processed;
    private long driftCount;
    private long warningCount;
    private DriftEvent lastWarning;

    public PrequentialEvaluator(OnlineLearner learner, PrequentialMetrics metrics, List<DriftDetector> detectors,
                                int labelDelay) {
        if (labelDelay < 0) {
            throw new IllegalArgumentException("label delay cannot be negative: " + labelDelay);
        }
        this.learner = learner;
        this.metrics = metrics;
        this.detectors = List.copyOf(detectors);
        this.labelDelay = labelDelay;
    }

    public PrequentialEvaluator(OnlineLearner learner) {
        this(learner, new PrequentialMetrics(), List.of(), 0);
    }

    /** Predicts the example, records the outcome, then learns it (or queues it under a label delay). */
    public ClassPrediction process(LabelledExample example) {
        ClassPrediction prediction;
        if (labelDelay == 0) {
            prediction = learner.testThenLearn(example);
        } else {
            prediction = learner.predict(example.features());
            awaitingLabel.addLast(example);
            if (awaitingLabel.size() > labelDelay) {
                learner.learn(awaitingLabel.removeFirst());
            }
        }
        return record(example, prediction);
    }

    /**
     * Tests the example with {@code tester} — an earlier, frozen state of this learner: the one that would have
     * answered when the example's features were observed, before labels that came later — records the outcome,
     * then learns it. With the learner itself as tester this is {@link #process(LabelledExample)}.
     */
    public ClassPrediction process(LabelledExample example, OnlineLearner tester) {
        if (tester == learner) {
            return process(example);
        }
        if (labelDelay != 0) {
            throw new IllegalStateException("a tester of its own and a simulated label delay do not mix");
        }
        ClassPrediction prediction = tester.predict(example.features());
        learner.learn(example);
        return record(example, prediction);
    }

    private ClassPrediction record(LabelledExample example, ClassPrediction prediction) {
        processed++;
        metrics.record(example.label(), prediction);
        double error = example.label().equals(prediction.label()) ? 0 : 1;
        for (DriftDetector detector : detectors) {
            if (detector.update(error)) {
                driftCount++;
                events.addLast(new DriftEvent(processed, detector.name(), false, detector.meanBeforeChange(),
                        detector.meanAfterChange()));
                if (events.size() > MAX_EVENTS) {
                    events.removeFirst();
                }
            } else if (detector.warned()) {
                warningCount++;
                lastWarning = new DriftEvent(processed, detector.name(), true, detector.meanBeforeChange(),
                        detector.meanAfterChange());
            }
        }
        return prediction;
    }

    /** Processes every example of a batch, in order. */
    public void process(Iterable<LabelledExample> batch) {
        for (LabelledExample example : batch) {
            process(example);
        }
    }

    /** At the end of a stream: learns the examples still waiting for their delayed label. */
    public void flush() {
        while (!awaitingLabel.isEmpty()) {
            learner.learn(awaitingLabel.removeFirst());
        }
    }

    public long processed() {
        return processed;
    }

    public PrequentialMetrics metrics() {
        return metrics;
    }

    public OnlineLearner learner() {
        return learner;
    }

    /** The most recent drift events, oldest first. */
    public List<DriftEvent> driftEvents() {
        return new ArrayList<>(events);
    }

    /** Warnings (changes too small to be a drift) since the start. */
    public long warningCount() {
        return warningCount;
    }

    /** The last warning, or null. */
    public DriftEvent lastWarning() {
        return lastWarning;
    }

    /** Every drift detection, including those no longer kept in {@link #driftEvents()}. */
    public long driftCount() {
        return driftCount;
    }
}

package dev.freshet.learn.drift;

import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.eval.DriftEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A recorded stream replayed into a {@link ReactiveLearner} as a trainer receives it: examples come in the order
 * they were observed, and each is learned — tested at its event time, then trained — only once its label has
 * come, in label-time order, labels that come together ending a batch. This is how {@code make backtest} drives
 * the trainer's own learner, so a backtest scores what the trainer would have (labels that come late included).
 * Examples waiting for their label are held in memory. Not thread-safe.
 */
public final class StreamReplay {

    /** Drift signals kept for reports; older ones are dropped (their count is kept by the learner). */
    public static final int MAX_DRIFTS_KEPT = 1_000;

    private record Waiting(LabelledExample example, long eventMillis, long labelMillis, long order) {}

    private final ReactiveLearner learner;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(
            Comparator.comparingLong(Waiting::labelMillis).thenComparingLong(Waiting::order));
    private final List<DriftEvent> drifts = new ArrayList<>();
    private final List<ReactiveLearner.Reaction> reactions = new ArrayList<>();
    private long observed;
    private long clock = Long.MIN_VALUE;

    public StreamReplay(ReactiveLearner learner) {
        this.learner = learner;
    }

    /**
     * An example observed at {@code eventMillis} whose label comes at {@code labelMillis} (a label said to come
     * before its features comes with them). Labels come by the time the stream reaches them: every label due by
     * this example's event time is learned first.
     */
    public void observe(LabelledExample example, long eventMillis, long labelMillis) {
        clock = Math.max(clock, eventMillis);
        // Its label is due no earlier than the ones waiting that are due now: one pass learns them in label order.
        waiting.add(new Waiting(example, eventMillis, Math.max(eventMillis, labelMillis), observed++));
        release(clock);
    }

    /** The end of the stream: every label still to come is learned. */
    public void finish() {
        release(Long.MAX_VALUE);
    }

    private void release(long now) {
        boolean any = false;
        while (!waiting.isEmpty() && waiting.peek().labelMillis() <= now) {
            Waiting next = waiting.poll();
            ReactiveLearner.Outcome outcome = learner.learn(next.example(), next.eventMillis(), next.labelMillis(),
                    null);
            if (outcome.drift() != null && drifts.size() < MAX_DRIFTS_KEPT) {
                drifts.add(outcome.drift());
            }
            any = true;
        }
        if (any) {
            learner.batchEnded(); // the labels that came together: later examples may be tested without them
            reactions.addAll(learner.takeReactions());
        }
    }

    /** Examples observed so far. */
    public long observed() {
        return observed;
    }

    /** Examples waiting for their label. */
    public int waiting() {
        return waiting.size();
    }

    /** The learner, its metrics and its counts. */
    public ReactiveLearner learner() {
        return learner;
    }

    /** The drift signals so far (the first {@value #MAX_DRIFTS_KEPT}), oldest first. */
    public List<DriftEvent> drifts() {
        return List.copyOf(drifts);
    }

    /** What the drift reaction did so far, oldest first. */
    public List<ReactiveLearner.Reaction> reactions() {
        return List.copyOf(reactions);
    }
}

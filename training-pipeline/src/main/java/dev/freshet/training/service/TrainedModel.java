package dev.freshet.training.service;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.Adwin;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.MetricsReport;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.eval.PrequentialMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One configured model as the training loop drives it: the learner, where it stands in the stream (the next
 * offset to learn per partition, which is what a published version records), its prequential metrics and
 * drift detector, and a frozen copy of the serving champion scored on the same examples for the gate. Touched
 * only by the training loop's thread.
 *
 * <p>Test, then train, honest about time: an example is tested with the learner as it was when the example's
 * features were observed — before any label that became known after that. Labels come late and together (all
 * of an hour at once, say); testing each with a learner that has just learned the others of its burst scores
 * what no served model could have answered. So at the end of each batch that carried late labels a frozen
 * copy of the learner is kept, tagged with the newest label time it has learned, and an example is tested with
 * the newest copy whose labels were all known at its event time (the live learner when nothing it learned came
 * later). At most {@link #STATES_KEPT} copies are kept: when more come, every other one is dropped, so the
 * span of label delay covered stays and its resolution halves.
 */
final class TrainedModel {

    private final String name;
    private final LearnerSettings settings;
    private final OnlineLearner learner;
    private final PrequentialEvaluator evaluator;
    /** Partition to the next offset this model learns, -1 for a partition it has no position in. */
    private long[] nextOffsets;
    private final RollingAccuracy candidateWindow;
    private final RollingAccuracy championWindow;
    private long examplesSeen;
    private Long version;
    private long learnedSincePublish;
    private long driftsSeen;
    private long examplesSinceDrift;
    private Long championVersion;
    private OnlineLearner champion;
    /** Newest label time learned, epoch ms. */
    private long learnedLabelTime = Long.MIN_VALUE;
    private boolean lateLabelsSinceCopy;
    private final Deque<FrozenState> frozen = new ArrayDeque<>();
    private long testedWithOldestState;

    /** Frozen copies of the learner kept for testing at event time; see the class comment. */
    static final int STATES_KEPT = 32;

    /** The learner frozen after it had learned every label known at {@code labelTime}, for tests only. */
    private record FrozenState(long labelTime, OnlineLearner scorer) {}

    /**
     * @param nextOffsets  partition to the next offset this model learns
     * @param examplesSeen distinct examples learned across the lineage so far
     * @param version      the version this state was published as, or null when not yet published
     * @param examplesSinceDrift examples learned since the last drift signal ({@link Long#MAX_VALUE} for none), as
     *                     the version continued from recorded it: the gate's hold survives a restart
     */
    TrainedModel(String name, LearnerSettings settings, OnlineLearner learner, Map<Integer, Long> nextOffsets,
                 long examplesSeen, Long version, int window, long examplesSinceDrift) {
        this.name = name;
        this.settings = settings;
        this.learner = learner;
        this.evaluator = new PrequentialEvaluator(learner, new PrequentialMetrics(window, 0.0), List.of(new Adwin()), 0);
        this.nextOffsets = new long[0];
        nextOffsets.forEach(this::moveTo);
        this.examplesSeen = examplesSeen;
        this.version = version;
        this.examplesSinceDrift = examplesSinceDrift;
        this.candidateWindow = new RollingAccuracy(window);
        this.championWindow = new RollingAccuracy(window);
    }

    String name() {
        return name;
    }

    LearnerSettings settings() {
        return settings;
    }

    OnlineLearner learner() {
        return learner;
    }

    /** The next offset to learn in {@code partition}; 0 for a partition never seen. */
    long nextOffset(int partition) {
        return partition < nextOffsets.length ? Math.max(0, nextOffsets[partition]) : 0;
    }

    /** Partition to the next offset to learn, for every partition with a position. */
    Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> positions = new TreeMap<>();
        for (int partition = 0; partition < nextOffsets.length; partition++) {
            if (nextOffsets[partition] >= 0) {
                positions.put(partition, nextOffsets[partition]);
            }
        }
        return Collections.unmodifiableMap(positions);
    }

    // An array by partition, not a map: looked up for every record and model, the map was a tenth of the loop.
    private void moveTo(int partition, long nextOffset) {
        if (partition >= nextOffsets.length) {
            int was = nextOffsets.length;
            nextOffsets = Arrays.copyOf(nextOffsets, partition + 1);
            Arrays.fill(nextOffsets, was, nextOffsets.length, -1);
        }
        nextOffsets[partition] = nextOffset;
    }

    /** True when the record at this position is still to be learned by this model. */
    boolean wants(int partition, long offset) {
        return offset >= nextOffset(partition);
    }

    /**
     * Test, then train on one example at its position; a poison record ({@code example} null) only moves the
     * position past it.
     *
     * @return the drift detected on this example, or null
     */
    DriftEvent learn(int partition, long offset, LabelledExample example, long eventMillis, long labelMillis) {
        moveTo(partition, offset + 1);
        if (example == null) {
            return null;
        }
        return learn(example, eventMillis, labelMillis);
    }

    /**
     * Test, with the learner as it was at the example's event time, then train; with no stream position
     * (history) or at one.
     */
    DriftEvent learn(LabelledExample example, long eventMillis, long labelMillis) {
        if (champion != null) {
            ClassPrediction served = champion.predict(example.features());
            championWindow.record(example.label().equals(served.label()));
        }
        long drifts = evaluator.driftCount();
        ClassPrediction prediction = evaluator.process(example, testerAt(eventMillis));
        learnedLabelTime = Math.max(learnedLabelTime, labelMillis);
        lateLabelsSinceCopy |= labelMillis > eventMillis;
        candidateWindow.record(example.label().equals(prediction.label()));
        examplesSeen++;
        learnedSincePublish++;
        if (examplesSinceDrift < Long.MAX_VALUE) {
            examplesSinceDrift++;
        }
        if (evaluator.driftCount() > drifts) {
            driftsSeen++;
            examplesSinceDrift = 0;
            List<DriftEvent> events = evaluator.driftEvents();
            return events.get(events.size() - 1);
        }
        return null;
    }

    /** The learner that would have answered at {@code eventMillis}: one that had learned no later label. */
    private OnlineLearner testerAt(long eventMillis) {
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
     * The end of a batch: when it carried labels that came after their features, the learner is frozen as it is
     * now, for the examples still to come whose features were observed before those labels.
     */
    void batchEnded() {
        if (!lateLabelsSinceCopy || (!frozen.isEmpty() && frozen.peekLast().labelTime() >= learnedLabelTime)) {
            return;
        }
        frozen.addLast(new FrozenState(learnedLabelTime, learner.frozenCopy()));
        lateLabelsSinceCopy = false;
        if (frozen.size() > STATES_KEPT) {
            List<FrozenState> kept = new ArrayList<>(frozen);
            frozen.clear();
            for (int i = 0; i < kept.size(); i++) {
                if (i % 2 == 0 || i == kept.size() - 1) { // the oldest and the newest stay: the span is kept
                    frozen.addLast(kept.get(i));
                }
            }
        }
    }

    /**
     * Examples tested with the oldest frozen state because none was old enough (see the class comment). Read by
     * the metrics registry from another thread too: a stale value there is harmless.
     */
    long testedWithOldestState() {
        return testedWithOldestState;
    }

    /** Frozen states kept now. */
    int frozenStates() {
        return frozen.size();
    }

    /** Trains only (later bootstrap epochs): the lineage's distinct example count does not change. */
    void trainAgain(LabelledExample example) {
        learner.learn(example);
    }

    /** Read by the metrics registry from another thread too: a stale value there is harmless. */
    long examplesSeen() {
        return examplesSeen;
    }

    long learnedSincePublish() {
        return learnedSincePublish;
    }

    Long version() {
        return version;
    }

    void published(long newVersion) {
        version = newVersion;
        learnedSincePublish = 0;
    }

    long driftsSeen() {
        return driftsSeen;
    }

    /** Examples learned since the last drift signal; {@link Long#MAX_VALUE} when none since the lineage began. */
    long examplesSinceDrift() {
        return examplesSinceDrift;
    }

    MetricsReport rolling() {
        return evaluator.metrics().rolling();
    }

    MetricsReport overall() {
        return evaluator.metrics().overall();
    }

    RollingAccuracy candidateWindow() {
        return candidateWindow;
    }

    RollingAccuracy championWindow() {
        return championWindow;
    }

    Long championVersion() {
        return championVersion;
    }

    /** From now on the champion is {@code scorer} (never trained): both windows start again on the same examples. */
    void championIs(Long newChampionVersion, OnlineLearner scorer) {
        championVersion = newChampionVersion;
        champion = scorer;
        candidateWindow.clear();
        championWindow.clear();
    }
}

package dev.freshet.training.loop;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.drift.ReactiveLearner;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.EventTimeTester;
import dev.freshet.learn.eval.MetricsReport;
import dev.freshet.learn.eval.OutcomeWindow;
import dev.freshet.learn.eval.PrequentialMetrics;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One configured model as the training loop drives it: its {@link ReactiveLearner} (the learner tested at event
 * time, its drift detector and reaction), where it stands in the stream (the next offset to learn per partition,
 * which is what a published version records), and a frozen copy of the serving champion scored on the same examples
 * for the gate. Touched only by the training loop's thread.
 *
 * <p>When the reaction replaces the learner (a challenger promoted, a reset) the lineage goes on: its offsets,
 * counts and metrics continue, and nothing is learned twice. A promoted challenger brings its record since it
 * started, which the gate's windows take over.
 */
public final class TrainedModel {

    private final String name;
    private final LearnerSettings settings;
    private final ReactiveLearner reactive;
    /** Partition to the next offset this model learns, -1 for a partition it has no position in. */
    private long[] nextOffsets;
    private final int window;
    private OutcomeWindow candidateWindow;
    private OutcomeWindow championWindow;
    private Long version;
    private long learnedSincePublish;
    private Long championVersion;
    private OnlineLearner champion;
    /** Newest label time the learner had learned when the champion was made or adopted, epoch ms. */
    private long championMadeAt = Long.MIN_VALUE;

    /** Frozen copies of the learner kept for testing at event time. */
    public static final int STATES_KEPT = EventTimeTester.STATES_KEPT;

    /**
     * @param nextOffsets  partition to the next offset this model learns
     * @param examplesSeen distinct examples learned across the lineage so far
     * @param version      the version this state was published as, or null when not yet published
     * @param examplesSinceDrift examples learned since the last drift signal ({@link Long#MAX_VALUE} for none), as
     *                     the version continued from recorded it: the gate's hold survives a restart
     */
    public TrainedModel(String name, LearnerSettings settings, OnlineLearner learner, Map<Integer, Long> nextOffsets,
                 long examplesSeen, Long version, int window, long examplesSinceDrift, DriftPolicy policy) {
        this.name = name;
        this.settings = settings;
        this.reactive = new ReactiveLearner(learner, new PrequentialMetrics(window, 0.0), policy, examplesSeen,
                examplesSinceDrift);
        this.nextOffsets = new long[0];
        nextOffsets.forEach(this::moveTo);
        this.version = version;
        this.window = window;
        this.candidateWindow = new OutcomeWindow(window);
        this.championWindow = new OutcomeWindow(window);
    }

    public String name() {
        return name;
    }

    public LearnerSettings settings() {
        return settings;
    }

    /** The learner that learns now. */
    public OnlineLearner learner() {
        return reactive.learner();
    }

    /** Its drift watch and reaction. */
    public ReactiveLearner reactive() {
        return reactive;
    }

    /** The next offset to learn in {@code partition}; 0 for a partition never seen. */
    public long nextOffset(int partition) {
        return partition < nextOffsets.length ? Math.max(0, nextOffsets[partition]) : 0;
    }

    /** Partition to the next offset to learn, for every partition with a position. */
    public Map<Integer, Long> nextOffsets() {
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
    public boolean wants(int partition, long offset) {
        return offset >= nextOffset(partition);
    }

    /**
     * Test, then train on one example at its position; a poison record ({@code example} null) only moves the
     * position past it.
     *
     * @return the drift detected on this example, or null
     */
    public DriftEvent learn(int partition, long offset, LabelledExample example, long eventMillis, long labelMillis) {
        moveTo(partition, offset + 1);
        if (example == null) {
            return null;
        }
        return learn(example, eventMillis, labelMillis);
    }

    /**
     * Test, with the learner as it was at the example's event time, then train; with no stream position
     * (history) or at one.
     *
     * @return the drift signalled on this example (past the warm-up), or null
     */
    public DriftEvent learn(LabelledExample example, long eventMillis, long labelMillis) {
        // The champion is scored only on what it could have served: an example observed before it was made was
        // answered by another version, and the frozen champion, having learned labels that came after the
        // example's features, would be scored with a peek the candidate (tested at event time) never has. There its
        // record is the candidate's, so the two windows still hold the same examples and those decide nothing.
        Boolean championRight = null;
        if (champion != null && eventMillis >= championMadeAt) {
            ClassPrediction served = champion.predict(example.features());
            championRight = example.label().equals(served.label());
        }
        ReactiveLearner.Outcome outcome = reactive.learn(example, eventMillis, labelMillis, championRight);
        if (champion != null) {
            championWindow.record(championRight == null ? outcome.right() : championRight);
        }
        candidateWindow.record(outcome.right());
        learnedSincePublish++;
        if (outcome.promoted() != null) {
            // The gate compares the new learner with the champion on the examples since the challenger started.
            OutcomeWindow candidate = new OutcomeWindow(window);
            OutcomeWindow served = new OutcomeWindow(window);
            boolean[] outcomes = outcome.promoted().outcomes();
            boolean[] championOutcomes = outcome.promoted().championOutcomes();
            for (int i = 0; i < outcomes.length; i++) {
                candidate.record(outcomes[i]);
                if (champion != null) {
                    served.record(championOutcomes[i]);
                }
            }
            candidateWindow = candidate;
            championWindow = served;
        }
        return outcome.drift();
    }

    /** What the drift reaction did since the last call, oldest first. */
    public List<ReactiveLearner.Reaction> takeReactions() {
        return reactive.takeReactions();
    }

    /**
     * The end of a batch: when it carried labels that came after their features, the learner is frozen as it is
     * now, for the examples still to come whose features were observed before those labels.
     */
    public void batchEnded() {
        reactive.batchEnded();
    }

    /**
     * Examples tested with the oldest frozen state because none was old enough. Read by the metrics registry from
     * another thread too: a stale value there is harmless.
     */
    public long testedWithOldestState() {
        return reactive.testedWithOldestState();
    }

    /** Frozen states kept now. */
    public int frozenStates() {
        return reactive.frozenStates();
    }

    /** Trains only (later bootstrap epochs): the lineage's distinct example count does not change. */
    public void trainAgain(LabelledExample example) {
        reactive.learner().learn(example);
    }

    /** Read by the metrics registry from another thread too: a stale value there is harmless. */
    public long examplesSeen() {
        return reactive.examplesSeen();
    }

    public long learnedSincePublish() {
        return learnedSincePublish;
    }

    public Long version() {
        return version;
    }

    public void published(long newVersion) {
        version = newVersion;
        learnedSincePublish = 0;
    }

    public long driftsSeen() {
        return reactive.driftsSeen();
    }

    /** Examples learned since the last drift signal; {@link Long#MAX_VALUE} when none since the lineage began. */
    public long examplesSinceDrift() {
        return reactive.examplesSinceDrift();
    }

    public MetricsReport rolling() {
        return reactive.metrics().rolling();
    }

    public MetricsReport overall() {
        return reactive.metrics().overall();
    }

    public PrequentialMetrics metrics() {
        return reactive.metrics();
    }

    public OutcomeWindow candidateWindow() {
        return candidateWindow;
    }

    public OutcomeWindow championWindow() {
        return championWindow;
    }

    public Long championVersion() {
        return championVersion;
    }

    /**
     * The gate made the learner's current state, published as {@code newChampionVersion}, the champion: its record
     * on the recent examples is the learner's own, so the champion window starts as a copy of the candidate's and
     * the next comparison is decided by the examples that come after the move. Cleared instead, the next move
     * would wait until the champion had been scored anew on half a window, and a model recovering from a change
     * would serve versions hours behind what it has learned.
     */
    public void promoted(long newChampionVersion, OnlineLearner scorer) {
        championVersion = newChampionVersion;
        champion = scorer;
        championMadeAt = reactive.learnedLabelTime();
        championWindow = candidateWindow.copy();
    }

    /**
     * From now on the champion is {@code scorer} (never trained), moved there from outside (a rollback, a promotion
     * by hand) or found at start: it has no record here, so both windows start again on the same examples.
     */
    public void championIs(Long newChampionVersion, OnlineLearner scorer) {
        championVersion = newChampionVersion;
        champion = scorer;
        championMadeAt = reactive.learnedLabelTime(); // a version from outside: scored on what comes from now on
        candidateWindow.clear();
        championWindow.clear();
    }
}

package dev.freshet.training.service;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.Adwin;
import dev.freshet.learn.drift.Challenger;
import dev.freshet.learn.drift.DriftDetector;
import dev.freshet.learn.drift.DriftReaction;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.EventTimeTester;
import dev.freshet.learn.eval.MetricsReport;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.eval.PrequentialMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One configured model as the training loop drives it: the learner, where it stands in the stream (the next
 * offset to learn per partition, which is what a published version records), its prequential metrics and
 * drift detector, a frozen copy of the serving champion scored on the same examples for the gate, and the
 * reaction to drift (a challenger beside the learner, or a reset). Touched only by the training loop's thread.
 *
 * <p>Tests are honest about time ({@link EventTimeTester}): an example is tested with the learner as it was when
 * the example's features were observed.
 *
 * <p>Drift: the detector watches the prediction error; a signal counts once the lineage has learned
 * {@link DriftPolicy#warmUp()} examples, and then holds the gate and starts the configured reaction. A challenger
 * learns beside the learner and replaces it when it beats it and the champion on the same examples after the hold
 * ({@link Challenger}); a reset starts the learner again from fresh weights. Either way the lineage goes on: its
 * offsets, counts and metrics continue, and nothing is learned twice.
 */
final class TrainedModel {

    /** What the drift reaction did, for the loop to announce. */
    record Reaction(String kind, String detail) {}

    private final String name;
    private final LearnerSettings settings;
    private final DriftPolicy policy;
    private OnlineLearner learner;
    private final PrequentialMetrics metrics;
    private final List<DriftDetector> detectors;
    private PrequentialEvaluator evaluator;
    private EventTimeTester tester;
    /** Partition to the next offset this model learns, -1 for a partition it has no position in. */
    private long[] nextOffsets;
    private final int window;
    private RollingAccuracy candidateWindow;
    private RollingAccuracy championWindow;
    private long examplesSeen;
    private Long version;
    private long learnedSincePublish;
    private long driftsSeen;
    private long signalsInWarmUp;
    private long warnings;
    private DriftEvent lastWarning;
    private long examplesSinceDrift;
    private Long championVersion;
    private OnlineLearner champion;
    private Challenger challenger;
    private final List<Reaction> reactions = new ArrayList<>();
    private long challengersStarted;
    private long challengersPromoted;
    private long challengersDropped;
    private long resets;

    /** Frozen copies of the learner kept for testing at event time. */
    static final int STATES_KEPT = EventTimeTester.STATES_KEPT;

    /**
     * @param nextOffsets  partition to the next offset this model learns
     * @param examplesSeen distinct examples learned across the lineage so far
     * @param version      the version this state was published as, or null when not yet published
     * @param examplesSinceDrift examples learned since the last drift signal ({@link Long#MAX_VALUE} for none), as
     *                     the version continued from recorded it: the gate's hold survives a restart
     */
    TrainedModel(String name, LearnerSettings settings, OnlineLearner learner, Map<Integer, Long> nextOffsets,
                 long examplesSeen, Long version, int window, long examplesSinceDrift, DriftPolicy policy) {
        this.name = name;
        this.settings = settings;
        this.policy = policy;
        this.learner = learner;
        this.metrics = new PrequentialMetrics(window, 0.0);
        this.detectors = List.of(Adwin.forErrorRate(policy.minChange()));
        this.evaluator = new PrequentialEvaluator(learner, metrics, detectors, 0);
        this.tester = new EventTimeTester(learner);
        this.nextOffsets = new long[0];
        nextOffsets.forEach(this::moveTo);
        this.examplesSeen = examplesSeen;
        this.version = version;
        this.examplesSinceDrift = examplesSinceDrift;
        this.window = window;
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
     *
     * @return the drift signalled on this example (past the warm-up), or null
     */
    DriftEvent learn(LabelledExample example, long eventMillis, long labelMillis) {
        Boolean championRight = null;
        if (champion != null) {
            ClassPrediction served = champion.predict(example.features());
            championRight = example.label().equals(served.label());
            championWindow.record(championRight);
        }
        long drifts = evaluator.driftCount();
        long warned = evaluator.warningCount();
        ClassPrediction prediction = evaluator.process(example, tester.testerAt(eventMillis));
        tester.learned(eventMillis, labelMillis);
        boolean right = example.label().equals(prediction.label());
        candidateWindow.record(right);
        examplesSeen++;
        learnedSincePublish++;
        if (examplesSinceDrift < Long.MAX_VALUE) {
            examplesSinceDrift++;
        }
        if (challenger != null) {
            challenger.learn(example, eventMillis, labelMillis, right, championRight);
            judgeChallenger();
        }
        if (evaluator.warningCount() > warned) {
            warnings++;
            DriftEvent warning = evaluator.lastWarning();
            lastWarning = new DriftEvent(examplesSeen, warning.detector(), true, warning.errorBefore(),
                    warning.errorAfter());
        }
        if (evaluator.driftCount() <= drifts) {
            return null;
        }
        List<DriftEvent> events = evaluator.driftEvents();
        DriftEvent drift = events.get(events.size() - 1);
        if (examplesSeen < policy.warmUp()) {
            signalsInWarmUp++; // the error of a model still meeting the stream: not a change of the stream
            return null;
        }
        driftsSeen++;
        examplesSinceDrift = 0;
        react(drift);
        return drift;
    }

    private void react(DriftEvent drift) {
        switch (policy.reaction()) {
            case NONE -> { }
            case RESET -> {
                switchTo(learner.freshStart());
                resets++;
                reactions.add(new Reaction("reset", "the model starts again from fresh weights (" + drift.change()
                        + ")"));
            }
            case CHALLENGER -> {
                if (challenger != null && challenger.age() > 0 && challenger.accuracy() > challenger.modelAccuracy()) {
                    return; // the one learning since the first signal is already doing better: it goes on
                }
                OnlineLearner start = policy.challengerStart() == DriftReaction.Start.WARM ? learner.warmStart()
                        : learner.freshStart();
                if (challenger != null) {
                    challengersDropped++;
                }
                challenger = new Challenger(start, policy.challengerStart(), examplesSeen, policy.maxChallengerAge());
                challengersStarted++;
                reactions.add(new Reaction("challenger-started", "a " + policy.challengerStart().configName()
                        + " challenger learns from example " + examplesSeen + " (" + drift.change() + ")"));
            }
        }
    }

    private void judgeChallenger() {
        Challenger.Verdict verdict = challenger.verdict(policy.hold(), examplesSinceDrift);
        if (verdict == Challenger.Verdict.WAIT) {
            return;
        }
        String record = String.format(Locale.ROOT, "accuracy %.4f, model %.4f, champion %.4f on the same %d examples",
                challenger.accuracy(), challenger.modelAccuracy(), challenger.championAccuracy(), challenger.age());
        if (verdict == Challenger.Verdict.DROP) {
            challengersDropped++;
            reactions.add(new Reaction("challenger-dropped", "it did not beat the model and the champion: " + record));
            challenger = null;
            return;
        }
        // It replaces the learner; the gate compares it with the champion on the examples since it started.
        RollingAccuracy candidate = new RollingAccuracy(window);
        RollingAccuracy served = new RollingAccuracy(window);
        boolean[] outcomes = challenger.outcomes();
        boolean[] championOutcomes = challenger.championOutcomes();
        for (int i = 0; i < outcomes.length; i++) {
            candidate.record(outcomes[i]);
            if (champion != null) {
                served.record(championOutcomes[i]);
            }
        }
        learner = challenger.learner();
        evaluator = new PrequentialEvaluator(learner, metrics, detectors, 0);
        tester = challenger.tester();
        candidateWindow = candidate;
        championWindow = served;
        challengersPromoted++;
        reactions.add(new Reaction("challenger-promoted", "it replaces the model: " + record));
        challenger = null;
    }

    private void switchTo(OnlineLearner next) {
        learner = next;
        evaluator = new PrequentialEvaluator(learner, metrics, detectors, 0);
        tester.switchTo(next);
    }

    /** What the drift reaction did since the last call, oldest first. */
    List<Reaction> takeReactions() {
        List<Reaction> taken = List.copyOf(reactions);
        reactions.clear();
        return taken;
    }

    /**
     * The end of a batch: when it carried labels that came after their features, the learner is frozen as it is
     * now, for the examples still to come whose features were observed before those labels.
     */
    void batchEnded() {
        tester.batchEnded();
        if (challenger != null) {
            challenger.batchEnded();
        }
    }

    /**
     * Examples tested with the oldest frozen state because none was old enough (see the class comment). Read by
     * the metrics registry from another thread too: a stale value there is harmless.
     */
    long testedWithOldestState() {
        return tester.testedWithOldestState();
    }

    /** Frozen states kept now. */
    int frozenStates() {
        return tester.frozenStates();
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

    /** Signals while the lineage was still warming up, not counted as drift. */
    long signalsInWarmUp() {
        return signalsInWarmUp;
    }

    long warnings() {
        return warnings;
    }

    /** The last warning, or null. */
    DriftEvent lastWarning() {
        return lastWarning;
    }

    /** The challenger learning beside the model, or null. */
    Challenger challenger() {
        return challenger;
    }

    long challengersStarted() {
        return challengersStarted;
    }

    long challengersPromoted() {
        return challengersPromoted;
    }

    long challengersDropped() {
        return challengersDropped;
    }

    long resets() {
        return resets;
    }

    /** Examples learned since the last drift signal; {@link Long#MAX_VALUE} when none since the lineage began. */
    long examplesSinceDrift() {
        return examplesSinceDrift;
    }

    MetricsReport rolling() {
        return metrics.rolling();
    }

    MetricsReport overall() {
        return metrics.overall();
    }

    PrequentialMetrics metrics() {
        return metrics;
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

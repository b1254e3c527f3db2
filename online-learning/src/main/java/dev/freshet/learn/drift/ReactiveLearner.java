package dev.freshet.learn.drift;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.EventTimeTester;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.eval.PrequentialMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A learner as a stream drives it: tested at event time ({@link EventTimeTester}), then trained; its error watched
 * by a drift detector ({@link Adwin#forErrorRate}) whose signals count once the lineage has learned
 * {@link DriftPolicy#warmUp()} examples (and, after the learner was replaced, once the new one has settled: a
 * warm-up after a reset, the hold after a promotion); and on a signal the reaction the policy names. A challenger learns beside
 * the learner and replaces it when, judged after a full window of examples, it beats it and the champion on them
 * ({@link Challenger}); a reset starts the learner again from fresh weights. The trainer drives one per model, and
 * the drone benchmark drives it the same way. Not thread-safe.
 */
public final class ReactiveLearner {

    /** What the reaction did, for the caller to announce. */
    public record Reaction(String kind, String detail) {}

    /**
     * One example's outcome.
     *
     * @param prediction what the learner at event time answered
     * @param drift      the drift signalled on this example (past the warm-up), or null
     * @param promoted   the challenger that replaced the learner on this example, or null
     */
    public record Outcome(ClassPrediction prediction, boolean right, DriftEvent drift, Challenger promoted) {}

    private final DriftPolicy policy;
    private final PrequentialMetrics metrics;
    private final List<DriftDetector> detectors;
    private OnlineLearner learner;
    private PrequentialEvaluator evaluator;
    private EventTimeTester tester;
    private long examplesSeen;
    private long examplesSinceDrift;
    /** Signals before this many examples do not count: a new learner's error (a reset, a promotion) settles first. */
    private long quietUntil;
    private long driftsSeen;
    private long signalsInWarmUp;
    private long warnings;
    private DriftEvent lastWarning;
    private Challenger challenger;
    private final List<Reaction> reactions = new ArrayList<>();
    private long challengersStarted;
    private long challengersPromoted;
    private long challengersDropped;
    private long resets;

    /**
     * @param examplesSeen       distinct examples the lineage learned so far (a restored one counts on)
     * @param examplesSinceDrift examples since its latest change's first signal ({@link Long#MAX_VALUE} for none)
     */
    public ReactiveLearner(OnlineLearner learner, PrequentialMetrics metrics, DriftPolicy policy, long examplesSeen,
                           long examplesSinceDrift) {
        this.policy = policy;
        this.metrics = metrics;
        this.detectors = List.of(Adwin.forErrorRate(policy.minChange()));
        this.learner = learner;
        this.evaluator = new PrequentialEvaluator(learner, metrics, detectors, 0);
        this.tester = new EventTimeTester(learner);
        this.examplesSeen = examplesSeen;
        this.examplesSinceDrift = examplesSinceDrift;
    }

    /**
     * Test with the learner as it was at the example's event time, then train; the challenger likewise.
     *
     * @param championWasRight whether the serving champion answered it right; null when there is none, or when it
     *                         was made after the example was observed (it could not have answered it)
     */
    public Outcome learn(LabelledExample example, long eventMillis, long labelMillis, Boolean championWasRight) {
        long drifts = evaluator.driftCount();
        long warned = evaluator.warningCount();
        ClassPrediction prediction = evaluator.process(example, tester.testerAt(eventMillis));
        tester.learned(eventMillis, labelMillis);
        boolean right = example.label().equals(prediction.label());
        examplesSeen++;
        if (examplesSinceDrift < Long.MAX_VALUE) {
            examplesSinceDrift++;
        }
        Challenger promoted = null;
        if (challenger != null) {
            challenger.learn(example, eventMillis, labelMillis, right, championWasRight);
            promoted = judgeChallenger();
        }
        if (evaluator.warningCount() > warned) {
            warnings++;
            DriftEvent warning = evaluator.lastWarning();
            lastWarning = new DriftEvent(examplesSeen, warning.detector(), true, warning.errorBefore(),
                    warning.errorAfter());
        }
        if (evaluator.driftCount() <= drifts) {
            return new Outcome(prediction, right, null, promoted);
        }
        List<DriftEvent> events = evaluator.driftEvents();
        DriftEvent signal = events.get(events.size() - 1);
        if (examplesSeen < policy.warmUp() || examplesSeen < quietUntil) {
            signalsInWarmUp++; // the error of a model still meeting the stream: not a change of the stream
            return new Outcome(prediction, right, null, promoted);
        }
        DriftEvent drift = new DriftEvent(examplesSeen, signal.detector(), false, signal.errorBefore(),
                signal.errorAfter());
        driftsSeen++;
        // A signal within the hold of the one before belongs to the same change (on a bursty stream the error jumps
        // again with each part of the stream met for the first time since): the hold counts from the change's first
        // signal, so a burst shorter than the hold still never serves, and a lasting change is served after it.
        if (examplesSinceDrift >= policy.hold()) {
            examplesSinceDrift = 0;
        }
        react(drift);
        return new Outcome(prediction, right, drift, promoted);
    }

    private void react(DriftEvent drift) {
        switch (policy.reaction()) {
            case NONE -> { }
            case RESET -> {
                switchTo(learner.freshStart(), tester);
                quietUntil = examplesSeen + policy.warmUp(); // a fresh model meets the stream anew
                resets++;
                reactions.add(new Reaction("reset", "the model starts again from fresh weights (" + drift.change()
                        + ")"));
            }
            case CHALLENGER -> {
                if (challenger != null && !challenger.losesToModel()) {
                    // The one learning since an earlier signal goes on: it has seen more of the change than a new
                    // one would, and on a stream with a daily rhythm a challenger that missed hours fails on them.
                    return;
                }
                boolean warm = policy.challengerStart() == DriftReaction.Start.WARM;
                OnlineLearner start = warm ? learner.warmStart() : learner.freshStart();
                if (challenger != null) {
                    challengersDropped++;
                }
                challenger = new Challenger(start, policy.challengerStart(), examplesSeen, policy.maxChallengerAge(),
                        warm ? tester.forDescendant(start) : new EventTimeTester(start, tester.learnedLabelTime()));
                challengersStarted++;
                reactions.add(new Reaction("challenger-started", "a " + policy.challengerStart().configName()
                        + " challenger learns from example " + examplesSeen + " (" + drift.change() + ")"));
            }
        }
    }

    private Challenger judgeChallenger() {
        Challenger.Verdict verdict = challenger.verdict(policy.hold(), examplesSinceDrift);
        if (verdict == Challenger.Verdict.WAIT) {
            return null;
        }
        Challenger judged = challenger;
        challenger = null;
        String record = String.format(Locale.ROOT, "accuracy %.4f, model %.4f, champion %.4f on the same %d examples",
                judged.accuracy(), judged.modelAccuracy(), judged.championAccuracy(), judged.age());
        if (verdict == Challenger.Verdict.DROP) {
            challengersDropped++;
            reactions.add(new Reaction("challenger-dropped", "it did not beat the model and the champion: " + record));
            return null;
        }
        switchTo(judged.learner(), judged.tester());
        quietUntil = examplesSeen + policy.hold();
        challengersPromoted++;
        reactions.add(new Reaction("challenger-promoted", "it replaces the model: " + record));
        return judged;
    }

    private void switchTo(OnlineLearner next, EventTimeTester nextTester) {
        detectors.forEach(DriftDetector::reset); // its window held another learner's errors
        learner = next;
        evaluator = new PrequentialEvaluator(learner, metrics, detectors, 0);
        tester = nextTester;
        tester.switchTo(next);
    }

    /** The end of a training batch (see {@link EventTimeTester#batchEnded()}). */
    public void batchEnded() {
        tester.batchEnded();
        if (challenger != null) {
            challenger.batchEnded();
        }
    }

    /** What the reaction did since the last call, oldest first. */
    public List<Reaction> takeReactions() {
        List<Reaction> taken = List.copyOf(reactions);
        reactions.clear();
        return taken;
    }

    /** The learner that learns now (a promoted challenger or a reset replaces it). */
    public OnlineLearner learner() {
        return learner;
    }

    public DriftPolicy policy() {
        return policy;
    }

    public PrequentialMetrics metrics() {
        return metrics;
    }

    /** Newest label time the learner has learned, epoch ms ({@link Long#MIN_VALUE} before any). */
    public long learnedLabelTime() {
        return tester.learnedLabelTime();
    }

    public long examplesSeen() {
        return examplesSeen;
    }

    /**
     * Examples since the first signal of the latest change (a signal within the hold of the one before belongs to
     * it); {@link Long#MAX_VALUE} when none since the lineage began.
     */
    public long examplesSinceDrift() {
        return examplesSinceDrift;
    }

    public long driftsSeen() {
        return driftsSeen;
    }

    /** Signals while the lineage was still warming up, not counted as drift. */
    public long signalsInWarmUp() {
        return signalsInWarmUp;
    }

    public long warnings() {
        return warnings;
    }

    /** The last warning, or null. */
    public DriftEvent lastWarning() {
        return lastWarning;
    }

    /** The challenger learning beside the learner, or null. */
    public Challenger challenger() {
        return challenger;
    }

    public long challengersStarted() {
        return challengersStarted;
    }

    public long challengersPromoted() {
        return challengersPromoted;
    }

    public long challengersDropped() {
        return challengersDropped;
    }

    public long resets() {
        return resets;
    }

    /** Examples tested with the oldest frozen state because none was old enough. */
    public long testedWithOldestState() {
        return tester.testedWithOldestState();
    }

    /** Frozen states kept now. */
    public int frozenStates() {
        return tester.frozenStates();
    }
}

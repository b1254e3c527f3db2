package dev.freshet.learn.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.data.SyntheticStreams;
import dev.freshet.learn.eval.PrequentialMetrics;
import dev.freshet.learn.train.OnlineLearners;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The calibrated detector on bursty errors, and what each reaction does with a learner's stream. */
class ReactiveLearnerTest {

    /** Errors in bursts of 600 (an hour of shops) whose rate swings between 5 and 12 %: stationary, but bursty. */
    private static int signals(DriftDetector detector, int bursts, double shiftTo, int shiftAtBurst) {
        SplittableRandom random = new SplittableRandom(5);
        int signals = 0;
        for (int b = 0; b < bursts; b++) {
            double rate = b >= shiftAtBurst ? shiftTo : b % 3 == 0 ? 0.12 : 0.05;
            for (int i = 0; i < 600; i++) {
                signals += detector.update(random.nextDouble() < rate ? 1 : 0) ? 1 : 0;
            }
        }
        return signals;
    }

    @Test
    void theSwingOfABurstyStationaryErrorIsNoDriftForTheCalibratedDetectorOnlyForPlainAdwin() {
        assertThat(signals(new Adwin(), 200, 0, Integer.MAX_VALUE)).as("plain ADWIN cries wolf").isGreaterThan(5);
        Adwin calibrated = Adwin.forErrorRate(0.15);
        assertThat(signals(calibrated, 200, 0, Integer.MAX_VALUE)).isZero();
    }

    @Test
    void aRealRiseIsSignalledWithinABurstAndSaysWhatChanged() {
        Adwin detector = Adwin.forErrorRate(0.15);
        SplittableRandom random = new SplittableRandom(6);
        int at = -1;
        boolean warned = false;
        for (int i = 0; i < 60_000 && at < 0; i++) {
            double rate = i < 50_000 ? 0.05 : 0.45;
            if (detector.update(random.nextDouble() < rate ? 1 : 0)) {
                at = i;
            }
            warned |= i < 50_000 && detector.warned();
        }
        assertThat(at).isBetween(50_000, 50_600);
        assertThat(detector.meanBeforeChange()).isCloseTo(0.05, within(0.03));
        assertThat(detector.meanAfterChange()).isGreaterThan(0.2);
        assertThat(warned).as("no warning on a stationary 5 %").isFalse();
    }

    @Test
    void aModerateRiseIsAWarningNotADrift() {
        Adwin detector = Adwin.forErrorRate(0.15);
        SplittableRandom random = new SplittableRandom(7);
        int warnings = 0;
        int drifts = 0;
        for (int i = 0; i < 40_000; i++) {
            drifts += detector.update(random.nextDouble() < (i < 20_000 ? 0.05 : 0.15) ? 1 : 0) ? 1 : 0;
            warnings += detector.warned() ? 1 : 0;
        }
        assertThat(drifts).isZero();
        assertThat(warnings).isPositive();
        assertThat(detector.meanAfterChange() - detector.meanBeforeChange()).isBetween(0.075, 0.15);
    }

    private static ReactiveLearner learner(DriftReaction reaction, DriftReaction.Start start, long warmUp) {
        return new ReactiveLearner(OnlineLearners.create(LearnerSettings.linear()), new PrequentialMetrics(1_000, 0),
                new DriftPolicy(0.15, warmUp, reaction, start, 1_000, 4_000), 0, Long.MAX_VALUE);
    }

    /** Learns a stream whose concept flips at {@code flipAt}; returns the reactions' kinds in order. */
    private static List<String> run(ReactiveLearner learner, int total, int flipAt) {
        List<LabelledExample> stream = SyntheticStreams.abruptFlip(4, 5, flipAt, 0.0).limit(total).toList();
        java.util.ArrayList<String> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < stream.size(); i++) {
            learner.learn(stream.get(i), i, i, null);
            learner.takeReactions().forEach(r -> kinds.add(r.kind()));
        }
        return kinds;
    }

    @Test
    void signalsWithinTheHoldOfTheFirstBelongToOneChangeAndDoNotRestartIt() {
        // The concept flips at 10,000 and flips back 1,800 examples later: two rises of the error, one change.
        List<LabelledExample> flipped = SyntheticStreams.abruptFlip(4, 5, 10_000, 0.0).limit(11_800).toList();
        List<LabelledExample> back = SyntheticStreams.abruptFlip(4, 5, Long.MAX_VALUE, 0.0).limit(16_000).toList();
        List<LabelledExample> stream = new java.util.ArrayList<>(flipped);
        stream.addAll(back.subList(11_800, back.size()));
        long hold = 3_000;
        ReactiveLearner learner = new ReactiveLearner(OnlineLearners.create(LearnerSettings.linear()),
                new PrequentialMetrics(1_000, 0), new DriftPolicy(0.15, 2_000, DriftReaction.NONE,
                DriftReaction.Start.WARM, hold, 4_000), 0, Long.MAX_VALUE);
        List<long[]> signals = new java.util.ArrayList<>(); // example, examples since the change then
        for (int i = 0; i < stream.size(); i++) {
            if (learner.learn(stream.get(i), i, i, null).drift() != null) {
                signals.add(new long[] {learner.examplesSeen(), learner.examplesSinceDrift()});
            }
        }
        assertThat(signals).as("the flip and the flip back").hasSizeGreaterThanOrEqualTo(2);
        long first = signals.get(0)[0];
        assertThat(signals.get(0)[1]).isZero();
        long[] second = signals.get(1);
        assertThat(second[0] - first).as("within the hold").isLessThan(hold);
        assertThat(second[1]).as("counted from the first signal").isEqualTo(second[0] - first);
        assertThat(learner.driftsSeen()).isEqualTo(signals.size());
    }

    @Test
    void signalsDuringTheWarmUpAreNotDrifts() {
        ReactiveLearner learner = learner(DriftReaction.RESET, DriftReaction.Start.WARM, 50_000);
        assertThat(run(learner, 20_000, 10_000)).isEmpty();
        assertThat(learner.driftsSeen()).isZero();
        assertThat(learner.signalsInWarmUp()).isPositive();
    }

    @Test
    void aResetStartsAFreshLearnerOnceAndLetsItSettle() {
        ReactiveLearner learner = learner(DriftReaction.RESET, DriftReaction.Start.WARM, 2_000);
        OnlineLearner first = learner.learner();
        List<String> kinds = run(learner, 20_000, 10_000);
        assertThat(kinds).containsExactly("reset");
        assertThat(learner.learner()).isNotSameAs(first);
        assertThat(learner.examplesSeen()).as("the lineage's count goes on").isEqualTo(20_000);
        assertThat(learner.metrics().rolling().accuracy()).isGreaterThan(0.9);
    }

    @Test
    void aChallengerThatAdaptsFasterReplacesTheModelWhenJudgedAfterItsFullTrial() {
        // Replay of the old concept slows the model after the flip; a warm challenger starts without it.
        ReactiveLearner learner = new ReactiveLearner(OnlineLearners.create(LearnerSettings.linear()
                .withReplay(new LearnerSettings.Replay(8_000, 2))), new PrequentialMetrics(1_000, 0),
                new DriftPolicy(0.15, 2_000, DriftReaction.CHALLENGER, DriftReaction.Start.WARM, 1_000, 6_000),
                0, Long.MAX_VALUE);
        List<LabelledExample> stream = SyntheticStreams.abruptFlip(4, 5, 10_000, 0.0).limit(20_000).toList();
        Challenger promoted = null;
        int aheadBeforeItsTrialEnded = 0;
        for (int i = 0; i < stream.size() && promoted == null; i++) {
            promoted = learner.learn(stream.get(i), i, i, null).promoted();
            Challenger running = learner.challenger();
            if (running != null && running.beatsModel()) {
                // Ahead of the model before its trial ends, it waits for the whole of it, hold or not.
                aheadBeforeItsTrialEnded++;
                assertThat(running.age()).isLessThan(6_000);
                assertThat(running.verdict(0, Long.MAX_VALUE)).isEqualTo(Challenger.Verdict.WAIT);
            }
        }
        assertThat(aheadBeforeItsTrialEnded).isPositive();
        assertThat(promoted).as("promoted within the stream").isNotNull();
        assertThat(promoted.age()).as("judged on its whole trial, the gate's window").isEqualTo(6_000);
        assertThat(learner.challengersPromoted()).isEqualTo(1);
        assertThat(learner.learner()).isSameAs(promoted.learner());
        for (int i = (int) learner.examplesSeen(); i < stream.size(); i++) {
            learner.learn(stream.get(i), i, i, null);
        }
        assertThat(learner.metrics().rolling().accuracy()).isGreaterThan(0.9);
    }

    @Test
    void aChallengerNoBetterThanTheModelIsDroppedNotPromoted() {
        // Without replay a warm linear challenger is the model itself: the two never disagree.
        ReactiveLearner learner = learner(DriftReaction.CHALLENGER, DriftReaction.Start.WARM, 2_000);
        OnlineLearner first = learner.learner();
        List<String> kinds = run(learner, 20_000, 10_000);
        assertThat(kinds).contains("challenger-started", "challenger-dropped").doesNotContain("challenger-promoted");
        assertThat(learner.learner()).isSameAs(first);
    }
}

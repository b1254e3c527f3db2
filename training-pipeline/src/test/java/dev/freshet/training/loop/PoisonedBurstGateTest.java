package dev.freshet.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.DriftReaction;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.training.TrainingData;
import dev.freshet.training.publish.ChampionGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate against a label-flipped burst, in memory: the trainer's test-then-train and publish-then-gate steps
 * on a learnable stream with a burst of flipped labels in the middle. Without the hold after a drift a version
 * that learned the burst beats the champion on it and serves; with it, nothing served loses more than
 * {@link #BOUND} of accuracy on clean data, and a change that lasts is still served once the hold is over.
 * {@code PoisonedBurstIT} runs the same on the real servers.
 */
class PoisonedBurstGateTest {

    /** The stated bound: accuracy on clean data of anything served never drops more than this below the champion's before the burst. */
    static final double BOUND = 0.05;
    private static final int WINDOW = 300;
    private static final int PUBLISH_EVERY = 100;
    /** Four windows of flipped labels: long enough for a version to learn them and win on them. */
    private static final int BURST_END = 3_000 + 4 * WINDOW;
    /** Longer than the burst. */
    private static final long HOLD = 2_000;
    private static final List<LabelledExample> CLEAN = clean(100_000, 1_000);

    /** What served, in order, with its accuracy on the clean held-out examples. */
    private record Served(long atExample, double cleanAccuracy) {}

    private static LabelledExample example(long i, boolean flipped) {
        LabelledExampleMessage m = TrainingData.example("burst", i);
        Map<String, Double> f = m.features();
        FeatureVector features = new FeatureVector(new String[] {"noise", "x1", "x2"},
                new double[] {f.get("noise"), f.get("x1"), f.get("x2")});
        String label = flipped ? (m.label().equals("up") ? "down" : "up") : m.label();
        return new LabelledExample(features, label);
    }

    private static List<LabelledExample> clean(long from, int count) {
        List<LabelledExample> list = new ArrayList<>();
        for (long i = from; i < from + count; i++) {
            list.add(example(i, false));
        }
        return list;
    }

    private static double cleanAccuracy(OnlineLearner learner) {
        long right = CLEAN.stream().filter(e -> learner.predict(e.features()).label().equals(e.label())).count();
        return (double) right / CLEAN.size();
    }

    /**
     * Streams {@code total} examples, those in [burstFrom, burstTo) label-flipped, publishing every
     * {@link #PUBLISH_EVERY} and moving the champion as the loop does.
     */
    private static List<Served> run(long hold, int total, int burstFrom, int burstTo) {
        return run(hold, total, burstFrom, burstTo, WINDOW, DriftReaction.CHALLENGER);
    }

    private static List<Served> run(long hold, int total, int burstFrom, int burstTo, int window,
                                    DriftReaction reaction) {
        LearnerSettings settings = LearnerSettings.linear();
        TrainedModel model = new TrainedModel("m", settings, OnlineLearners.create(settings), Map.of(), 0, null, window,
                Long.MAX_VALUE, TrainedModelTest.policy(reaction, hold));
        ChampionGate gate = new ChampionGate(0.6, hold);
        List<Served> served = new ArrayList<>();
        boolean hasChampion = false;
        for (int i = 0; i < total; i++) {
            model.learn(0, i, example(i, i >= burstFrom && i < burstTo), i, i);
            if ((i + 1) % PUBLISH_EVERY == 0) {
                model.batchEnded();
                ChampionGate.Decision decision = gate.decide(model.candidateWindow(), model.championWindow(),
                        hasChampion, model.examplesSinceDrift());
                if (decision.promote()) {
                    OnlineLearner champion = model.learner().frozenCopy();
                    model.promoted(i, champion);
                    hasChampion = true;
                    served.add(new Served(i + 1, cleanAccuracy(champion)));
                }
            }
        }
        return served;
    }

    private static Served servingAt(List<Served> served, long example) {
        Served last = null;
        for (Served s : served) {
            if (s.atExample() <= example) {
                last = s;
            }
        }
        return last;
    }

    @Test
    void withoutTheHoldAVersionThatLearnedTheBurstServes() {
        List<Served> served = run(0, 8_000, 3_000, BURST_END);
        double before = servingAt(served, 3_000).cleanAccuracy();
        assertThat(before).as("x1 + x2 > 0 is learnable").isGreaterThan(0.9);
        assertThat(served).as("the scenario is a real threat: a poisoned version served")
                .anyMatch(s -> s.atExample() > 3_000 && s.cleanAccuracy() < before - BOUND);
    }

    @Test
    void theHoldKeepsTheChampionThroughTheBurstAndServesNothingWorseThanTheBound() {
        List<Served> served = run(HOLD, 8_000, 3_000, BURST_END);
        Served before = servingAt(served, 3_000);
        assertThat(before.cleanAccuracy()).isGreaterThan(0.9);
        assertThat(served).filteredOn(s -> s.atExample() > 3_000 && s.atExample() <= BURST_END)
                .as("the champion is kept during the burst").isEmpty();
        assertThat(served).filteredOn(s -> s.atExample() > 3_000)
                .allSatisfy(s -> assertThat(s.cleanAccuracy()).isGreaterThanOrEqualTo(before.cleanAccuracy() - BOUND));
        assertThat(served.get(served.size() - 1).atExample()).as("after the burst, clean versions serve again")
                .isGreaterThan(BURST_END);
    }

    @Test
    void aChangeThatLastsIsServedOnceTheHoldIsOver() {
        List<Served> served = run(HOLD, 10_000, 3_000, 10_000); // the flip never ends: a real concept drift
        Served last = served.get(served.size() - 1);
        assertThat(last.atExample()).isGreaterThan(3_000 + HOLD);
        assertThat(last.cleanAccuracy()).as("the new concept is the flip: the old clean labels are now wrong")
                .isLessThan(0.1);
    }

    @Test
    void afterAMoveTheChampionFollowsTheLearnerAtTheNextPublishThatDoesNotLose() {
        // A window of 2,000 against a publish every 100: a champion whose record started again at each move could
        // move at most every 1,000 examples (half a window scored first), 4 times in the 4,000 after the hold.
        int window = 2_000;
        List<Served> served = run(HOLD, 9_000, 3_000, 9_000, window, DriftReaction.NONE);
        List<Served> afterChange = served.stream().filter(s -> s.atExample() > 3_000).toList();
        assertThat(afterChange).as("the champion follows the learner through the change").hasSizeGreaterThan(6);
        assertThat(afterChange.get(afterChange.size() - 1).cleanAccuracy()).as("and serves the new concept")
                .isLessThan(0.1);
    }
}

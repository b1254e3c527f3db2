package dev.freshet.learn.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.eval.PrequentialMetrics;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.learn.train.OnlineLearners;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A recorded stream replayed as the trainer receives it: labels learned when they come, in their order, and every
 * example tested as the learner was when it was observed.
 */
class StreamReplayTest {

    private static final long HOUR = 3_600_000L;

    private static StreamReplay replay() {
        LearnerSettings settings = LearnerSettings.linear().withOptimizer(OptimizerKind.SGD, 0.5); // follows an hour
        return new StreamReplay(new ReactiveLearner(OnlineLearners.create(settings), new PrequentialMetrics(1_000, 0),
                new DriftPolicy(0.15, 1_000, DriftReaction.NONE, DriftReaction.Start.WARM, 0, 1_000), 0,
                Long.MAX_VALUE));
    }

    private static LabelledExample example(Random random, String label) {
        return new LabelledExample(new FeatureVector(new String[] {"noise"}, new double[] {random.nextDouble()}), label);
    }

    /** The label flips every hour and nothing tells the hours apart; labels of an hour come at its end. */
    private static double hourlyFlips(boolean labelsAtHourEnd) {
        StreamReplay replay = replay();
        Random random = new Random(7);
        for (int h = 0; h < 100; h++) {
            for (int i = 0; i < 50; i++) {
                long event = h * HOUR + i * 60_000L;
                replay.observe(example(random, h % 2 == 0 ? "even" : "odd"), event,
                        labelsAtHourEnd ? (h + 1) * HOUR : event);
            }
        }
        replay.finish();
        assertThat(replay.learner().examplesSeen()).isEqualTo(5_000);
        assertThat(replay.waiting()).isZero();
        return replay.learner().metrics().overall().accuracy();
    }

    @Test
    void labelsThatComeAtTheEndOfTheirHourAreNotLearnedBeforeTheExamplesOfThatHour() {
        assertThat(hourlyFlips(false)).as("labels known at once: copying the hour").isGreaterThan(0.8);
        assertThat(hourlyFlips(true)).as("what a served model could have answered").isLessThan(0.2);
    }

    @Test
    void aDelayOfNRowsTestsTheNRowsAfterAChangeWithALearnerThatHasNotSeenIt() {
        StreamReplay replay = replay();
        Random random = new Random(3);
        int delay = 50;
        int wrongAfterChange = 0;
        for (int row = 0; row < 2_000; row++) {
            String label = row < 1_000 ? "a" : "b";
            long rightBefore = replay.learner().metrics().overall().examples() == 0 ? 0
                    : Math.round(replay.learner().metrics().overall().accuracy()
                    * replay.learner().metrics().overall().examples());
            long learnedBefore = replay.learner().examplesSeen();
            replay.observe(example(random, label), row, row + delay);
            // Each step learns the example whose label came now: the one observed `delay` rows before.
            assertThat(replay.learner().examplesSeen()).isEqualTo(row < delay ? 0 : learnedBefore + 1);
            if (row >= 1_000 + delay && row < 1_000 + 2 * delay) {
                long right = Math.round(replay.learner().metrics().overall().accuracy()
                        * replay.learner().metrics().overall().examples());
                wrongAfterChange += right == rightBefore ? 1 : 0;
            }
        }
        replay.finish();
        assertThat(wrongAfterChange).as("the first %d 'b' rows, tested before any 'b' label came", delay)
                .isEqualTo(delay);
        assertThat(replay.learner().metrics().rolling().accuracy()).as("then it follows").isGreaterThan(0.9);
    }
}

package dev.freshet.learn.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A frozen copy scores as its learner did when it was taken, whatever the learner learns afterwards. */
class FrozenCopyTest {

    @Test
    void aFrozenCopyKeepsTheScoresOfItsMoment() {
        for (LearnerSettings settings : new LearnerSettings[] {LearnerSettings.linear(), LearnerSettings.mlp()}) {
            OnlineLearner learner = OnlineLearners.create(settings);
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 500; i++) {
                learner.learn(example(random));
            }
            OnlineLearner frozen = learner.frozenCopy();
            FeatureVector probe = example(new SplittableRandom(99)).features();
            double[] before = learner.predict(probe).probabilities().clone();
            assertThat(frozen.predict(probe).probabilities()).as(settings.algorithm()).containsExactly(before);

            for (int i = 0; i < 500; i++) {
                learner.learn(new LabelledExample(example(random).features(), "yes")); // pushes towards "yes"
            }
            assertThat(learner.predict(probe).probabilities()).as(settings.algorithm()).isNotEqualTo(before);
            assertThat(frozen.predict(probe).probabilities()).as(settings.algorithm()).containsExactly(before);
            assertThat(frozen.examplesSeen()).isEqualTo(500);
        }
    }

    private static LabelledExample example(SplittableRandom random) {
        double x = random.nextDouble();
        double y = random.nextDouble();
        return new LabelledExample(new FeatureVector(new String[] {"x", "y"}, new double[] {x, y}), x + y > 1 ? "yes" : "no");
    }
}

package dev.freshet.learn.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.train.OnlineLearners;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hidden layer is doing its job: XOR, which no linear model separates. */
class MlpCapacityTest {

    @Test
    void mlpLearnsXorWhereLinearCannot() {
        assertThat(prequentialAccuracy(LearnerSettings.linear())).isLessThan(0.6);
        assertThat(prequentialAccuracy(LearnerSettings.mlp())).isGreaterThan(0.9);
        assertThat(prequentialAccuracy(LearnerSettings.mlp().withHiddenSizes(16, 8))).isGreaterThan(0.9);
    }

    private static double prequentialAccuracy(LearnerSettings settings) {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(OnlineLearners.create(settings));
        xor(3).limit(30_000).forEach(evaluator::process);
        return evaluator.metrics().rolling().accuracy();
    }

    static Stream<LabelledExample> xor(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = {"a", "b"};
        return Stream.generate(() -> {
            double a = random.nextDouble() * 2 - 1;
            double b = random.nextDouble() * 2 - 1;
            return new LabelledExample(new FeatureVector(names, new double[] {a, b}), a * b > 0 ? "same" : "different");
        });
    }
}

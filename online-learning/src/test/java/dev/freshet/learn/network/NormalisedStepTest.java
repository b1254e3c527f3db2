package dev.freshet.learn.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LearnerSettings;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A step shrinks with its layer's input norm beyond the reference, so many inputs do not make a rate overshoot. */
class NormalisedStepTest {

    @Test
    void inputsUpToTheReferenceNormTakeTheFullStepLargerOnesAProportionallySmallerOne() {
        double[] small = {2, 2, 2, 1}; // squares 13, with the bias 14
        assertThat(NetworkPass.stepScale(small, small.length)).isEqualTo(1.0);
        double[] large = new double[63];
        java.util.Arrays.fill(large, 1); // squares 63, with the bias 64
        assertThat(NetworkPass.stepScale(large, large.length)).isCloseTo(NetworkPass.REFERENCE_SQUARED_NORM / 64,
                within(1e-12));
    }

    @Test
    void oneStepMovesTheLogOddsAtMostRateTimesTheReferenceForEachOfTheTwoLabelsHoweverManyInputs() {
        double bound = 2 * 0.005 * NetworkPass.REFERENCE_SQUARED_NORM; // |p - y| <= 1 for both labels' rows
        double many = logitMoveOfOneStep(784);
        assertThat(many).isPositive().isLessThanOrEqualTo(bound);
        // Unscaled, the step on 784 inputs would move it about 785 / 101 times as far as on 100.
        assertThat(many / logitMoveOfOneStep(100)).isBetween(0.5, 2.0);
    }

    /** How far one plain-SGD step on an example moves the log-odds of its own label, after 200 settle the scaler. */
    private static double logitMoveOfOneStep(int features) {
        String[] names = IntStream.range(0, features).mapToObj(i -> "f" + i).toArray(String[]::new);
        TrainableNetwork network = new TrainableNetwork(LearnerSettings.linear().withOptimizer(OptimizerKind.SGD, 0.005));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            network.learn(new FeatureVector(names, random.doubles(features).map(v -> v * 2 - 1).toArray()),
                    i % 2 == 0 ? "a" : "b", false);
        }
        FeatureVector example = new FeatureVector(names, random.doubles(features).map(v -> v * 2 - 1).toArray());
        double before = logOdds(network, example);
        network.learn(example, "a", false);
        return Math.abs(logOdds(network, example) - before);
    }

    private static double logOdds(TrainableNetwork network, FeatureVector example) {
        double[] p = network.predict(example).probabilities();
        return Math.log(p[0] / p[1]);
    }
}

package dev.freshet.learn.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.optimisers.Adam;

/**
 * {@link CorrectedAdam} against Tribuo 4.3.2's {@link Adam}, both driven as Tribuo's SGD trainers drive an optimiser:
 * {@link LinearParameters}, {@link LogMulticlass}'s gradient, one step per example.
 */
class CorrectedAdamTest {

    @Test
    void theFirstStepIsAboutTheLearningRateWhateverTheGradientsScaleWhereTribuosGrowsWithItsSquare() {
        for (double gradient : new double[] {0.01, 1, 100}) {
            double corrected = firstStep(new CorrectedAdam(0.01), gradient);
            double tribuo = firstStep(new Adam(0.01, 0.9, 0.999, 1e-8), gradient);
            assertThat(corrected).as("step for a gradient of %s", gradient).isCloseTo(0.01, within(1e-6));
            // 4.3.2 multiplies the first moment by sqrt(v) + epsilon: (rate x sqrt(0.001) / 0.1) x 0.1 g x sqrt(0.001) g
            double squared = 0.01 * 1e-3 * gradient * gradient;
            assertThat(tribuo).isCloseTo(squared, within(1e-3 * squared));
        }
    }

    @Test
    void onFeaturesOfLargeMagnitudeItConvergesWhereTribuosAdamsStepsBlowUp() {
        assertThat(logLoss(new CorrectedAdam(0.01))).isLessThan(0.3);
        assertThat(logLoss(new Adam(0.01, 0.9, 0.999, 1e-8))).isGreaterThan(1.0);
    }

    @Test
    void continuedTrainingKeepsTheMomentsAndACopyCarriesThem() {
        LinearParameters parameters = new LinearParameters(3, 2);
        CorrectedAdam adam = new CorrectedAdam(0.01);
        adam.initialise(parameters);
        parameters.update(adam.step(new Tensor[] {gradient(parameters, 1)}, 1));
        adam.initialise(parameters); // what a trainer does at the start of each call
        assertThat(adam.iterations()).isEqualTo(1);
        CorrectedAdam copy = adam.copy();
        assertThat(copy.iterations()).isEqualTo(1);
        adam.reset();
        assertThat(adam.iterations()).isZero();
    }

    /** The weight change of a 1 x 1 parameter after one step with {@code g} as the descent direction. */
    private static double firstStep(StochasticGradientOptimiser optimiser, double g) {
        LinearParameters parameters = new LinearParameters(1, 1);
        optimiser.initialise(parameters);
        DenseVector update = new DenseVector(1);
        update.set(0, g);
        Tensor[] step = optimiser.step(new Tensor[] {matrixOf(update)}, 1);
        return ((org.tribuo.math.la.DenseMatrix) step[0]).get(0, 0);
    }

    private static Tensor matrixOf(DenseVector v) {
        org.tribuo.math.la.DenseMatrix m = new org.tribuo.math.la.DenseMatrix(1, 1);
        m.set(0, 0, v.get(0));
        return m;
    }

    private static final double SCALE = 100;

    /** Logistic regression on two normal features (sd 100), a bias appended: mean log loss of the last 1,000 of 5,000. */
    private static double logLoss(StochasticGradientOptimiser optimiser) {
        SplittableRandom random = new SplittableRandom(5);
        LinearParameters parameters = new LinearParameters(3, 2);
        LogMulticlass objective = new LogMulticlass();
        optimiser.initialise(parameters);
        double loss = 0;
        for (int i = 0; i < 5_000; i++) {
            double a = random.nextGaussian() * SCALE;
            double b = random.nextGaussian() * SCALE;
            int label = a + b > 0 ? 1 : 0;
            SGDVector x = DenseVector.createDenseVector(new double[] {a, b, 1});
            DenseVector scores = parameters.predict(x);
            if (i >= 4_000) {
                double other = scores.get(1 - label) - scores.get(label);
                loss += Math.log1p(Math.exp(other)); // -log softmax(scores)[label] for two classes
            }
            Pair<Double, SGDVector> lossAndGradient = objective.lossAndGradient(label, scores);
            parameters.update(optimiser.step(parameters.gradients(lossAndGradient, x), 1));
        }
        return loss / 1_000;
    }

    private static Tensor gradient(LinearParameters parameters, int label) {
        SGDVector x = DenseVector.createDenseVector(new double[] {1, -1, 1});
        return parameters.gradients(new LogMulticlass().lossAndGradient(label, parameters.predict(x)), x)[0];
    }
}

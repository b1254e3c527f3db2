package dev.freshet.learn.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LearnerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backward pass computes the true gradient of the log loss. With plain SGD a step moves each weight
 * by -rate x gradient, so the analytic gradient is read off one step and compared with central finite
 * differences of the loss of the frozen network, weight by weight.
 */
class GradientCheckTest {

    static List<LearnerSettings> networks() {
        LearnerSettings sgd = LearnerSettings.mlp().withOptimizer(OptimizerKind.SGD, 1e-3).withL2(1e-3);
        return List.of(
                LearnerSettings.linear().withOptimizer(OptimizerKind.SGD, 1e-3).withL2(1e-3),
                sgd.withHiddenSizes(6).withActivation(Activation.TANH),
                sgd.withHiddenSizes(5, 4).withActivation(Activation.TANH),
                sgd.withHiddenSizes(5, 4).withActivation(Activation.SIGMOID),
                sgd.withHiddenSizes(7).withActivation(Activation.RELU));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void analyticGradientMatchesFiniteDifferences(LearnerSettings settings) {
        SplittableRandom random = new SplittableRandom(11);
        String[] names = {"a", "b", "c", "d"};
        String[] labels = {"x", "y", "z"};
        TrainableNetwork network = new TrainableNetwork(settings);
        for (int i = 0; i < 300; i++) {
            network.learn(new FeatureVector(names, random.doubles(4).map(v -> v * 4 - 2).toArray()),
                    labels[random.nextInt(3)], false);
        }
        FeatureVector x = new FeatureVector(names, new double[] {0.3, -1.2, 0.8, 1.7});
        String y = "y";
        NetworkWeights before = network.freeze();
        network.learn(x, y, false);
        NetworkWeights after = network.freeze();

        double rate = settings.learningRate();
        double worst = 0;
        int checked = 0;
        for (int l = 0; l < before.layers().size(); l++) {
            double[] w0 = before.layers().get(l).weights();
            double[] w1 = after.layers().get(l).weights();
            int inputs = before.layers().get(l).inputs();
            for (int i = 0; i < w0.length; i++) {
                boolean bias = i % (inputs + 1) == inputs;
                double analytic = (w0[i] - w1[i]) / rate;
                double numeric = numericGradient(before, l, i, x, y) + (bias ? 0 : settings.l2() * w0[i]);
                double error = Math.abs(analytic - numeric) / Math.max(1e-6, Math.abs(analytic) + Math.abs(numeric));
                worst = Math.max(worst, error);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(worst).as("worst relative error over %d weights", checked).isLessThan(1e-5);
    }

    private static double numericGradient(NetworkWeights weights, int layer, int index, FeatureVector x, String y) {
        double h = 1e-6;
        return (loss(perturbed(weights, layer, index, h), x, y) - loss(perturbed(weights, layer, index, -h), x, y)) / (2 * h);
    }

    private static double loss(NetworkWeights weights, FeatureVector x, String y) {
        return -Math.log(weights.predict(x).probability(y));
    }

    private static NetworkWeights perturbed(NetworkWeights weights, int layer, int index, double h) {
        List<NetworkWeights.LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < weights.layers().size(); l++) {
            NetworkWeights.LayerWeights lw = weights.layers().get(l);
            double[] w = lw.weights().clone();
            if (l == layer) {
                w[index] += h;
            }
            layers.add(new NetworkWeights.LayerWeights(lw.outputs(), lw.inputs(), w));
        }
        return new NetworkWeights(weights.featureNames(), weights.labelNames(), weights.clip(), weights.count(),
                weights.mean(), weights.m2(), weights.min(), weights.max(), layers, weights.activation(), weights.examplesSeen());
    }
}

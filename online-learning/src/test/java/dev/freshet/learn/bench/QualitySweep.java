package dev.freshet.learn.bench;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.Streams;
import dev.freshet.learn.data.SyntheticStreams;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.learn.train.OnlineLearners;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Prequential accuracy of learner settings across streams (breast cancer, SEA, rotating hyperplane, an
 * abrupt flip, XOR), printed as a Markdown table for BENCHMARKS.md. Run by `make bench` after JMH.
 */
public final class QualitySweep {

    private QualitySweep() {}

    public static void main(String[] args) {
        List<LearnerSettings> settings = List.of(
                LearnerSettings.linear(),
                LearnerSettings.linear().withOptimizer(OptimizerKind.ADAM, 0.005),
                LearnerSettings.linear().withOptimizer(OptimizerKind.ADAGRAD, 0.1),
                LearnerSettings.linear().withOptimizer(OptimizerKind.ADAGRAD, 0.01),
                LearnerSettings.mlp(),
                LearnerSettings.mlp().withHiddenSizes(32, 16));
        System.out.println("| learner | breast cancer (699) | SEA, 10% noise (100 k) | rotating hyperplane (100 k) "
                + "| abrupt flip at 50 k (100 k) | XOR (50 k) |");
        System.out.println("|---|---|---|---|---|---|");
        for (LearnerSettings s : settings) {
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.3f | %.3f | %.3f | %.3f |%n", describe(s),
                    accuracy(s, Streams.breastCancer().stream(), 699),
                    accuracy(s, SyntheticStreams.sea(1, 25_000, 0.1), 100_000),
                    accuracy(s, SyntheticStreams.rotatingHyperplane(1, 10, 0.001, 0.05), 100_000),
                    accuracy(s, SyntheticStreams.abruptFlip(1, 10, 50_000, 0.05), 100_000),
                    accuracy(s, xor(1), 50_000));
        }
    }

    private static String describe(LearnerSettings s) {
        String hidden = s.hiddenSizes().length == 0 ? "" : " " + java.util.Arrays.toString(s.hiddenSizes());
        return "`" + s.algorithm() + "`" + hidden + " " + s.optimizer().configName() + " " + s.learningRate();
    }

    private static double accuracy(LearnerSettings settings, Stream<LabelledExample> stream, int n) {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(OnlineLearners.create(settings));
        stream.limit(n).forEach(evaluator::process);
        return evaluator.metrics().overall().accuracy();
    }

    private static Stream<LabelledExample> xor(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = {"a", "b"};
        return Stream.generate(() -> {
            double a = random.nextDouble() * 2 - 1;
            double b = random.nextDouble() * 2 - 1;
            return new LabelledExample(new FeatureVector(names, new double[] {a, b}), a * b > 0 ? "1" : "0");
        });
    }
}

package dev.freshet.learn.bench;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.data.FashionMnist;
import dev.freshet.learn.network.CorrectedAdam;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.FeedForwardParameters;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.optimisers.SGD;

/**
 * Learn throughput of Freshet's learners against the same learning done with Tribuo's SGD parts, in the same run
 * (issue 23): Tribuo's {@link LinearParameters} (or a one-hidden-layer network on its
 * {@link FeedForwardParameters}, {@link TribuoMlpParameters}), its {@link LogMulticlass} objective and a
 * {@link StochasticGradientOptimiser} (Tribuo's plain SGD for linear, {@link CorrectedAdam} for the mlp), driven
 * one example at a time as Tribuo's SGD trainers drive them. Where Tribuo's parts cost more than 2x, Freshet's
 * fused layers stay. The Tribuo side gets its inputs standardised once, up front; Freshet's learners standardise
 * as they learn (their usual work, so the comparison favours Tribuo).
 */
public final class TribuoPartsBenchmark {

    private static final int ROUNDS = 7;
    private static final int EXAMPLES_PER_ROUND = 20_000;

    /** One side of a comparison: learns {@code n} examples from {@code from}, cycling over its data. */
    private interface Side {
        void learn(int from, int n);
    }

    private TribuoPartsBenchmark() {}

    public static void main(String[] args) throws IOException {
        List<LabelledExample> dense20 = BenchData.examples();
        List<LabelledExample> pixels = ImageStreamBenchmark.examples(FashionMnist.bundledSubset());
        BenchRecorder recorder = BenchRecorder.start(TribuoPartsBenchmark.class,
                "Online learners: Freshet's layers against Tribuo's SGD parts", 23)
                .setup(String.format(Locale.ROOT, "Examples learned per second, one thread, one example per step: "
                        + "Freshet's learner (the defaults: linear sgd 0.005, mlp [32] tanh adam 0.005) against the "
                        + "same model learned with Tribuo 4.3.2's parts (LinearParameters or a [32] tanh network on "
                        + "FeedForwardParameters, LogMulticlass, SGD.getSimpleSGD or CorrectedAdam on Tribuo's "
                        + "optimiser interface), inputs standardised up front for Tribuo. Data: 20 dense features "
                        + "(BenchData, 100,000 examples) and the 784 pixels of the 2,000 bundled Fashion-MNIST images, "
                        + "cycled. %d rounds of %,d examples, the two sides alternating after one warm-up round each; "
                        + "median and range over the rounds.", ROUNDS, EXAMPLES_PER_ROUND));
        for (String algorithm : List.of(LearnerSettings.LINEAR, LearnerSettings.MLP)) {
            for (List<LabelledExample> data : List.of(dense20, pixels)) {
                int features = data.get(0).features().size();
                Side ours = ours(algorithm, data);
                Side tribuo = tribuo(algorithm, data);
                List<Double> ourRates = new ArrayList<>();
                List<Double> tribuoRates = new ArrayList<>();
                for (int round = 0; round <= ROUNDS; round++) {
                    double a = rate(ours, round);
                    double b = rate(tribuo, round);
                    if (round > 0) {
                        ourRates.add(a);
                        tribuoRates.add(b);
                    }
                }
                Stats mine = Stats.of(ourRates);
                Stats theirs = Stats.of(tribuoRates);
                String name = String.format(Locale.ROOT, "`%s`, %d features: Tribuo's SGD parts", algorithm, features);
                recorder.figure(Figure.of(name, "examples/s", theirs)
                        .baseline("Freshet's learner", "examples/s", mine));
                System.out.printf(Locale.ROOT, "%s: Tribuo %,.0f, Freshet %,.0f examples/s (Freshet %.2fx)%n", name,
                        theirs.median(), mine.median(), mine.median() / theirs.median());
            }
        }
        recorder.write();
    }

    private static double rate(Side side, int round) {
        long start = System.nanoTime();
        side.learn(round * EXAMPLES_PER_ROUND, EXAMPLES_PER_ROUND);
        return EXAMPLES_PER_ROUND / ((System.nanoTime() - start) / 1e9);
    }

    private static Side ours(String algorithm, List<LabelledExample> data) {
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.LINEAR.equals(algorithm)
                ? LearnerSettings.linear() : LearnerSettings.mlp());
        return (from, n) -> {
            for (int i = 0; i < n; i++) {
                learner.learn(data.get((from + i) % data.size()));
            }
        };
    }

    private static Side tribuo(String algorithm, List<LabelledExample> data) {
        List<SGDVector> inputs = standardisedWithBias(data);
        List<String> labels = data.stream().map(LabelledExample::label).distinct().sorted().toList();
        int[] ids = data.stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
        int width = inputs.get(0).size();
        FeedForwardParameters parameters = LearnerSettings.LINEAR.equals(algorithm)
                ? new LinearParameters(width, labels.size()) : new TribuoMlpParameters(width, 32, labels.size(), 1);
        StochasticGradientOptimiser optimiser = LearnerSettings.LINEAR.equals(algorithm)
                ? SGD.getSimpleSGD(0.005) : new CorrectedAdam(0.005);
        optimiser.initialise(parameters);
        LogMulticlass objective = new LogMulticlass();
        return (from, n) -> {
            for (int i = 0; i < n; i++) {
                int k = (from + i) % inputs.size();
                SGDVector x = inputs.get(k);
                Pair<Double, SGDVector> lossAndGradient = objective.lossAndGradient(ids[k], parameters.predict(x));
                parameters.update(optimiser.step(parameters.gradients(lossAndGradient, x), 1));
            }
        };
    }

    /** Each feature standardised over the whole data (a constant one stays 0), a bias of 1 appended. */
    private static List<SGDVector> standardisedWithBias(List<LabelledExample> data) {
        int d = data.get(0).features().size();
        double[] mean = new double[d];
        double[] square = new double[d];
        for (LabelledExample e : data) {
            double[] v = e.features().values();
            for (int j = 0; j < d; j++) {
                mean[j] += v[j] / data.size();
                square[j] += v[j] * v[j] / data.size();
            }
        }
        List<SGDVector> out = new ArrayList<>(data.size());
        for (LabelledExample e : data) {
            double[] v = e.features().values();
            double[] x = new double[d + 1];
            for (int j = 0; j < d; j++) {
                double sd = Math.sqrt(Math.max(square[j] - mean[j] * mean[j], 1e-12));
                x[j] = (v[j] - mean[j]) / sd;
            }
            x[d] = 1;
            out.add(DenseVector.createDenseVector(x));
        }
        return out;
    }
}

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
import java.nio.file.Path;
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

    private static final int FORKS = 3;
    private static final int ROUNDS = 5;
    /** Rounds before measuring: the JIT takes a few seconds over Tribuo's code on two shared cores. */
    private static final int WARM_UP_ROUNDS = 5;
    private static final int EXAMPLES_PER_ROUND = 20_000;

    /** One side of a comparison: learns {@code n} examples from {@code from}, cycling over its data. */
    private interface Side {
        void learn(int from, int n);
    }

    private TribuoPartsBenchmark() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 3) { // one fork: one side of one case
            System.out.println(fork(args[0], args[1], Integer.parseInt(args[2])));
            return;
        }
        BenchRecorder recorder = BenchRecorder.start(TribuoPartsBenchmark.class,
                "Online learners: Freshet's layers against Tribuo's SGD parts", 23)
                .setup(String.format(Locale.ROOT, "Examples learned per second, one thread, one example per step: "
                        + "Freshet's learner (the defaults: linear sgd 0.005, mlp [32] tanh adam 0.005; since issue "
                        + "23 the linear one runs on Tribuo's LinearParameters, LogMulticlass and SGD itself) against "
                        + "the same model learned with Tribuo 4.3.2's parts alone (LinearParameters or a [32] tanh "
                        + "network on FeedForwardParameters, LogMulticlass, SGD.getSimpleSGD or CorrectedAdam on "
                        + "Tribuo's optimiser interface), inputs standardised up front for Tribuo. Data: 20 dense "
                        + "features (BenchData, 100,000 examples) and the 784 pixels of the 2,000 bundled "
                        + "Fashion-MNIST images, cycled. Each side in JVMs of its own (%d forks each, alternating: in one "
                        + "JVM the two pollute each other's JIT profiles of Tribuo's classes), each %d rounds of %,d "
                        + "examples after %d warm-up rounds; a fork's figure is its median round, the figure the median "
                        + "and range over the forks.", FORKS, ROUNDS, EXAMPLES_PER_ROUND, WARM_UP_ROUNDS));
        for (String algorithm : List.of(LearnerSettings.LINEAR, LearnerSettings.MLP)) {
            for (int features : new int[] {BenchData.FEATURES, 784}) {
                List<Double> ourRates = new ArrayList<>();
                List<Double> tribuoRates = new ArrayList<>();
                for (int f = 0; f < FORKS; f++) {
                    ourRates.add(inFork("freshet", algorithm, features));
                    tribuoRates.add(inFork("tribuo", algorithm, features));
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

    /** Runs one fork in a JVM of its own, with this one's class path and heap options. */
    private static double inFork(String side, String algorithm, int features) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"), TribuoPartsBenchmark.class.getName(),
                side, algorithm, Integer.toString(features)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("fork " + command + " failed: " + out);
        }
        return Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
    }

    private static double fork(String side, String algorithm, int features) throws IOException {
        List<LabelledExample> data = features == BenchData.FEATURES ? BenchData.examples()
                : ImageStreamBenchmark.examples(FashionMnist.bundledSubset());
        Side learner = side.equals("tribuo") ? tribuo(algorithm, data) : ours(algorithm, data);
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
            double rate = rate(learner, round);
            if (round >= WARM_UP_ROUNDS) {
                rates.add(rate);
            }
        }
        return Stats.of(rates).median();
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

package dev.freshet.learn.bench;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.data.FashionMnist;
import dev.freshet.learn.data.IdxImages;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.drift.ReactiveLearner;
import dev.freshet.learn.drift.StreamReplay;
import dev.freshet.learn.eval.PrequentialMetrics;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST as the image source streams it (Debian's 60,000 training images once, in file order, each label 100
 * images after its pixels): the rolling accuracy over the last 10,000 of the trainer's linear and mlp models with
 * the training pipeline's defaults, tested before their labels came, exactly as {@code make backtest} replays a CSV of
 * the same images; then learn throughput on the 784 pixels, in-process, one thread. Without Debian's
 * {@code dataset-fashion-mnist} the 2,000 bundled images are used, and no target applies.
 */
public final class ImageStreamBenchmark {

    /** The image source's default label delay, in images. */
    public static final int LABEL_DELAY = 100;
    static final int WINDOW = 10_000;
    /** The training pipeline's mlp replay default (freshet.training.models.*.replay-window, -per-example). */
    static final LearnerSettings.Replay TRAINER_MLP_REPLAY = new LearnerSettings.Replay(8_400, 3);
    private static final int THROUGHPUT_ROUNDS = 5;

    private ImageStreamBenchmark() {}

    public static void main(String[] args) throws IOException {
        IdxImages images = FashionMnist.training();
        boolean full = images.count() == 60_000;
        List<LabelledExample> examples = examples(images);
        BenchRecorder recorder = BenchRecorder.start(ImageStreamBenchmark.class,
                "Online learners on an image stream: Fashion-MNIST", 23)
                .setup(String.format(Locale.ROOT, "%,d Fashion-MNIST training images (%s) in file order, 784 pixel "
                        + "features (0-255), 10 classes. Accuracy: each image tested when it is seen and learned when "
                        + "its label comes %d images later (the image source's default), by the trainer's learner "
                        + "and drift reaction with the training pipeline's defaults (linear: sgd 0.005; mlp: [32] "
                        + "tanh, adam 0.005, replay of 3 of the last 8,400 after each new example); rolling accuracy "
                        + "over the last %,d, one deterministic pass. make backtest CSV=<the images as CSV> LABEL=label "
                        + "ARGS=\"--label-delay %d\" (and for mlp --replay-window 8400 --replay-per-example 3) replays "
                        + "the same. Throughput: the learner's learn(batch of 1,000) over the images, %d passes after "
                        + "one warm-up pass, median.", images.count(),
                        full ? "Debian's dataset-fashion-mnist" : "the 2,000 bundled; install dataset-fashion-mnist "
                                + "for all 60,000", LABEL_DELAY, WINDOW, LABEL_DELAY, THROUGHPUT_ROUNDS));
        LearnerSettings linear = LearnerSettings.linear();
        LearnerSettings mlp = LearnerSettings.mlp().withReplay(TRAINER_MLP_REPLAY);
        for (LearnerSettings settings : List.of(linear, mlp)) {
            double accuracy = rollingAccuracy(settings, examples);
            double floor = settings == linear ? 0.82 : 0.85;
            Figure figure = Figure.of(QualitySweep.describe(settings) + ": rolling accuracy over the last 10,000 images",
                    "accuracy", Stats.single(accuracy));
            recorder.figure(full ? figure.target(Target.atLeast(floor, "issue 23")) : figure);
            System.out.printf(Locale.ROOT, "%s: rolling accuracy %.4f%n", QualitySweep.describe(settings), accuracy);
        }
        for (LearnerSettings settings : List.of(linear, LearnerSettings.mlp(), mlp)) {
            Stats rate = Stats.of(learnRates(settings, examples));
            double floor = settings == linear ? 100_000 : 20_000;
            Figure figure = Figure.of(QualitySweep.describe(settings) + ": learn, 784 features, batch 1,000",
                    "examples/s", rate);
            // The floor is for the learners' defaults; the trainer's replay learns each example four times.
            recorder.figure(settings.replay().enabled() ? figure : figure.target(Target.atLeast(floor, "issue 23")));
            System.out.printf(Locale.ROOT, "%s: learn %,.0f examples/s (%,.0f-%,.0f)%n", QualitySweep.describe(settings),
                    rate.median(), rate.min(), rate.max());
        }
        recorder.write();
    }

    /** The images as labelled examples of 784 pixels named px0..px783, the names array shared as a source shares it. */
    public static List<LabelledExample> examples(IdxImages images) {
        String[] names = IntStream.range(0, images.pixels()).mapToObj(p -> "px" + p).toArray(String[]::new);
        List<LabelledExample> out = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            double[] pixels = new double[images.pixels()];
            images.pixels(i, pixels);
            out.add(new LabelledExample(new FeatureVector(names, pixels), FashionMnist.LABEL_NAMES.get(images.label(i))));
        }
        return out;
    }

    /** As the backtest replays row {@code i} observed at {@code i}, labelled at {@code i + delay}. */
    public static double rollingAccuracy(LearnerSettings settings, List<LabelledExample> examples) {
        PrequentialMetrics metrics = new PrequentialMetrics(WINDOW, 0);
        DriftPolicy trainer = DriftPolicy.defaults();
        DriftPolicy policy = new DriftPolicy(trainer.minChange(), WINDOW, trainer.reaction(), trainer.challengerStart(),
                trainer.hold(), WINDOW);
        StreamReplay replay = new StreamReplay(new ReactiveLearner(OnlineLearners.create(settings), metrics, policy, 0,
                Long.MAX_VALUE));
        for (int i = 0; i < examples.size(); i++) {
            replay.observe(examples.get(i), i, i + LABEL_DELAY);
        }
        replay.finish();
        return metrics.rolling().accuracy();
    }

    private static List<Double> learnRates(LearnerSettings settings, List<LabelledExample> examples) {
        NetworkLearner learner = OnlineLearners.create(settings);
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round <= THROUGHPUT_ROUNDS; round++) {
            long start = System.nanoTime();
            for (int from = 0; from < examples.size(); from += 1_000) {
                learner.learn(examples.subList(from, Math.min(examples.size(), from + 1_000)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round > 0) { // the first pass warms the JIT up
                rates.add(examples.size() / seconds);
            }
        }
        return rates;
    }
}

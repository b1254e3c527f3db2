package dev.freshet.learn.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.learn.train.OnlineLearners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Test, then train, one example at a time, in stream order; a label delay on top. */
class PrequentialEvaluatorTest {

    @Test
    void eachExampleIsPredictedBeforeItIsLearnedAndLearnedBeforeTheNextIsPredicted() {
        RecordingLearner learner = new RecordingLearner();
        PrequentialEvaluator evaluator = new PrequentialEvaluator(learner);
        evaluator.process(List.of(example("a", 1), example("b", 2), example("c", 3)));
        assertThat(learner.calls).containsExactly("predict 1", "learn 1", "predict 2", "learn 2", "predict 3", "learn 3");
    }

    @Test
    void aLabelDelayLearnsEachExampleOnlyAfterTheNextOnesArePredicted() {
        RecordingLearner learner = new RecordingLearner();
        PrequentialEvaluator evaluator = new PrequentialEvaluator(learner, new PrequentialMetrics(), List.of(), 2);
        evaluator.process(List.of(example("a", 1), example("b", 2), example("c", 3), example("d", 4)));
        assertThat(learner.calls).containsExactly("predict 1", "predict 2", "predict 3", "learn 1", "predict 4", "learn 2");
        evaluator.flush();
        assertThat(learner.calls).endsWith("learn 3", "learn 4");
    }

    @Test
    void onAStreamWhoseClassesComeInRunsDelayCostsAccuracy() {
        // Runs of 50 of one class: an example's neighbours tell its class, if they were learned in time.
        double immediate = accuracy(0);
        double delayed = accuracy(50); // half the period of the runs: always one run behind
        assertThat(immediate).isGreaterThan(0.85);
        assertThat(delayed).isLessThan(immediate - 0.2);
    }

    private static double accuracy(int delay) {
        // A fast learner (large steps) that follows the runs through its bias.
        LearnerSettings fast = LearnerSettings.linear().withOptimizer(OptimizerKind.SGD, 0.5);
        PrequentialEvaluator evaluator = new PrequentialEvaluator(OnlineLearners.create(fast),
                new PrequentialMetrics(), List.of(), delay);
        SplittableRandom random = new SplittableRandom(3);
        String[] names = {"noise"};
        for (int i = 0; i < 20_000; i++) {
            String label = (i / 50) % 2 == 0 ? "left" : "right";
            evaluator.process(new LabelledExample(new FeatureVector(names, new double[] {random.nextGaussian()}), label));
        }
        return evaluator.metrics().overall().accuracy();
    }

    @Test
    void anEarlierStateTestsWhileTheLearnerLearns() {
        RecordingLearner learner = new RecordingLearner();
        PrequentialEvaluator evaluator = new PrequentialEvaluator(learner, new PrequentialMetrics(), List.of(), 0);
        evaluator.process(example("a", 1));
        OnlineLearner before = learner.frozenCopy(); // knows "a"
        evaluator.process(example("b", 2));          // the learner now predicts "b"
        ClassPrediction tested = evaluator.process(example("b", 3), before);
        assertThat(tested.label()).isEqualTo("a");
        assertThat(learner.calls).endsWith("learn 3");
        assertThat(learner.last).isEqualTo("b");
        assertThat(evaluator.processed()).isEqualTo(3);
        assertThat(evaluator.metrics().overall().accuracy()).isEqualTo(0.0); // none was right when tested
    }

    private static LabelledExample example(String label, double value) {
        return new LabelledExample(new FeatureVector(new String[] {"v"}, new double[] {value}), label);
    }

    /** Records the order of calls; predicts the last label it learned. */
    private static final class RecordingLearner implements OnlineLearner {
        final List<String> calls = new ArrayList<>();
        String last;

        @Override
        public String algorithm() {
            return "recording";
        }

        @Override
        public ClassPrediction predict(FeatureVector features) {
            calls.add("predict " + (int) features.values()[0]);
            return last == null ? ClassPrediction.none() : new ClassPrediction(last, List.of(last), new double[] {1});
        }

        @Override
        public void learn(LabelledExample example) {
            calls.add("learn " + (int) example.features().values()[0]);
            last = example.label();
        }

        @Override
        public ClassPrediction testThenLearn(LabelledExample example) {
            ClassPrediction p = predict(example.features());
            learn(example);
            return p;
        }

        @Override
        public long examplesSeen() {
            return 0;
        }

        @Override
        public List<String> featureNames() {
            return List.of("v");
        }

        @Override
        public List<String> labelNames() {
            return last == null ? List.of() : List.of(last);
        }

        @Override
        public OnlineLearner frozenCopy() {
            RecordingLearner copy = new RecordingLearner();
            copy.last = last;
            return copy;
        }

        @Override
        public OnlineLearner warmStart() {
            return frozenCopy();
        }

        @Override
        public OnlineLearner freshStart() {
            return new RecordingLearner();
        }

        @Override
        public LearnerSnapshot snapshot(String source, Map<String, String> runProvenance) {
            throw new UnsupportedOperationException();
        }
    }
}

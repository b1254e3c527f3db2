package dev.freshet.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.drift.DriftReaction;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.train.OnlineLearners;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Test-then-train at event time. The stream's label flips every hour and no feature tells the hours apart,
 * so nothing can predict it at event time; the labels of an hour come together at its end. A learner tested
 * after the others of its hour's burst (test at label time) scores well by copying its burst; tested as it
 * was when the features were observed, it scores what a served model would have: badly.
 */
class TrainedModelTest {

    private static final long HOUR = 3_600_000L;
    private static final int HOURS = 200;
    private static final int PER_HOUR = 50;

    private static LearnerSettings fastLinear() {
        Map<String, String> map = new HashMap<>(LearnerSettings.linear().asMap());
        map.put("learning-rate", "0.5");
        return LearnerSettings.fromMap(map);
    }

    /** The service's drift settings but for a short warm-up: the tests' streams are thousands of examples. */
    static DriftPolicy policy(DriftReaction reaction) {
        return policy(reaction, 2_000);
    }

    static DriftPolicy policy(DriftReaction reaction, long hold) {
        return new DriftPolicy(0.15, 1_000, reaction, DriftReaction.Start.WARM, hold, 1_000);
    }

    private static TrainedModel model() {
        LearnerSettings settings = fastLinear();
        return new TrainedModel("m", settings, OnlineLearners.create(settings), Map.of(), 0, null, 1_000, Long.MAX_VALUE,
                TrainedModelTest.policy(DriftReaction.NONE));
    }

    /** Feeds the hourly stream in label order, a batch per hour; {@code delayedLabels} false: label time = event time. */
    private static TrainedModel run(boolean delayedLabels) {
        TrainedModel model = model();
        Random random = new Random(7);
        long offset = 0;
        for (int h = 0; h < HOURS; h++) {
            String label = h % 2 == 0 ? "even" : "odd";
            for (int i = 0; i < PER_HOUR; i++) {
                long event = h * HOUR + i * 60_000L;
                long labelTime = delayedLabels ? (h + 1) * HOUR : event;
                FeatureVector features = new FeatureVector(new String[] {"noise"}, new double[] {random.nextDouble()});
                model.learn(0, offset++, new LabelledExample(features, label), event, labelTime);
            }
            model.batchEnded();
        }
        return model;
    }

    @Test
    void labelsThatComeTogetherLaterAreNotLearnedBeforeTheExamplesTheyCameWith() {
        TrainedModel atLabelTime = run(false);
        TrainedModel atEventTime = run(true);
        double optimistic = atLabelTime.overall().accuracy();
        double honest = atEventTime.overall().accuracy();
        assertThat(optimistic).as("copying the burst").isGreaterThan(0.8);
        assertThat(honest).as("what a served model could have answered").isLessThan(0.2);
        // Both learned the same examples in the same order: only the tests differ.
        assertThat(atEventTime.examplesSeen()).isEqualTo(atLabelTime.examplesSeen()).isEqualTo((long) HOURS * PER_HOUR);
        assertThat(atEventTime.testedWithOldestState()).isZero();
        assertThat(atEventTime.frozenStates()).isBetween(1, TrainedModel.STATES_KEPT);
        // With no late label no copy is made.
        assertThat(atLabelTime.frozenStates()).isZero();
    }

    @Test
    void withoutLateLabelsItIsPlainPrequentialEvaluation() {
        TrainedModel model = run(false);
        LearnerSettings settings = fastLinear();
        PrequentialEvaluator plain = new PrequentialEvaluator(OnlineLearners.create(settings));
        Random random = new Random(7);
        for (int h = 0; h < HOURS; h++) {
            for (int i = 0; i < PER_HOUR; i++) {
                FeatureVector features = new FeatureVector(new String[] {"noise"}, new double[] {random.nextDouble()});
                plain.process(new LabelledExample(features, h % 2 == 0 ? "even" : "odd"));
            }
        }
        assertThat(model.overall().accuracy()).isEqualTo(plain.metrics().overall().accuracy());
        assertThat(model.overall().logLoss()).isEqualTo(plain.metrics().overall().logLoss());
    }

    @Test
    void aLabelDelayBeyondTheStatesKeptUsesTheOldestAndCountsIt() {
        TrainedModel model = model();
        // Each batch carries one label a day late: more batches than states kept, and every state kept learned a
        // label that came after the next example's event.
        for (int b = 0; b < 3 * TrainedModel.STATES_KEPT; b++) {
            FeatureVector features = new FeatureVector(new String[] {"x"}, new double[] {b});
            model.learn(0, b, new LabelledExample(features, "a"), 1_000L * b + 24 * HOUR, 1_000L * b + 48 * HOUR);
            model.batchEnded();
        }
        assertThat(model.frozenStates()).isLessThanOrEqualTo(TrainedModel.STATES_KEPT);
        // Thinning keeps the oldest state: an example observed after its labels but before the second one's is
        // tested with it, not counted.
        FeatureVector between = new FeatureVector(new String[] {"x"}, new double[] {1});
        long counted = model.testedWithOldestState();
        model.learn(0, 9_999, new LabelledExample(between, "a"), 48 * HOUR + 500, 48 * HOUR + 500);
        assertThat(model.testedWithOldestState()).isEqualTo(counted);
        // Every example after the first was observed before any label kept had come: each one is counted.
        assertThat(counted).isEqualTo(3L * TrainedModel.STATES_KEPT - 1);
        FeatureVector old = new FeatureVector(new String[] {"x"}, new double[] {0});
        model.learn(0, 10_000, new LabelledExample(old, "a"), 0, 1);
        assertThat(model.testedWithOldestState()).isEqualTo(3L * TrainedModel.STATES_KEPT);
    }

    @Test
    void aChampionIsScoredOnlyOnExamplesObservedAfterItWasMade() {
        TrainedModel model = model();
        Random random = new Random(3);
        long offset = 0;
        // Hours of alternating labels, each hour's labels learned together at its end, as in run(true).
        for (int h = 0; h < 20; h++) {
            for (int i = 0; i < PER_HOUR; i++) {
                FeatureVector features = new FeatureVector(new String[] {"noise"}, new double[] {random.nextDouble()});
                model.learn(0, offset++, new LabelledExample(features, h % 2 == 0 ? "even" : "odd"), h * HOUR + i,
                        (h + 1) * HOUR);
            }
            model.batchEnded();
        }
        // Hour 20's burst: the champion is made half-way through it and has learned that half ("even").
        int h = 20;
        for (int i = 0; i < PER_HOUR / 2; i++) {
            FeatureVector features = new FeatureVector(new String[] {"noise"}, new double[] {random.nextDouble()});
            model.learn(0, offset++, new LabelledExample(features, "even"), h * HOUR + i, (h + 1) * HOUR);
        }
        model.batchEnded();
        model.promoted(1, model.learner().frozenCopy());
        for (int i = PER_HOUR / 2; i < PER_HOUR; i++) {
            FeatureVector features = new FeatureVector(new String[] {"noise"}, new double[] {random.nextDouble()});
            model.learn(0, offset++, new LabelledExample(features, "even"), h * HOUR + i, (h + 1) * HOUR);
        }
        // The rest of the burst was observed before the champion was made: scored, the champion would copy the
        // half it learned; it decides nothing instead, and the two windows agree.
        assertThat(model.championWindow().accuracy()).isEqualTo(model.candidateWindow().accuracy());
        // Hour 21, observed after it was made: both are scored, the champion on its own answers ("even", wrong).
        for (int i = 0; i < PER_HOUR; i++) {
            FeatureVector features = new FeatureVector(new String[] {"noise"}, new double[] {random.nextDouble()});
            model.learn(0, offset++, new LabelledExample(features, "odd"), 21 * HOUR + i, 21 * HOUR + i);
        }
        assertThat(model.championWindow().accuracy()).isLessThan(model.candidateWindow().accuracy());
    }

    @Test
    void positionsAreKeptPerPartitionAndOnlyThoseWithOneAreReported() {
        LearnerSettings settings = fastLinear();
        TrainedModel model = new TrainedModel("m", settings, OnlineLearners.create(settings), Map.of(2, 40L), 0, null,
                1_000, Long.MAX_VALUE, policy(DriftReaction.NONE));
        FeatureVector features = new FeatureVector(new String[] {"x"}, new double[] {1});

        assertThat(model.wants(2, 39)).isFalse();
        assertThat(model.wants(2, 40)).isTrue();
        assertThat(model.wants(0, 0)).isTrue(); // a partition never seen starts at its beginning
        model.learn(5, 7, new LabelledExample(features, "a"), 0, 0);
        model.learn(2, 40, null, 0, 0); // poison: only the position moves

        assertThat(model.nextOffsets()).containsExactly(Map.entry(2, 41L), Map.entry(5, 8L));
        assertThat(model.nextOffset(3)).isZero();
        assertThat(model.wants(5, 7)).isFalse();
        assertThat(model.wants(5, 8)).isTrue();
        assertThat(model.examplesSeen()).isEqualTo(1);
    }
}

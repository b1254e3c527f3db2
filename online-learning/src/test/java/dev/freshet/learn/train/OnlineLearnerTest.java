package dev.freshet.learn.train;

import static dev.freshet.learn.Streams.example;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.IncompatibleSnapshotException;
import dev.freshet.learn.InvalidExampleException;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.Streams;
import dev.freshet.learn.data.SyntheticStreams;
import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.model.OnlineLinearModel;
import dev.freshet.learn.model.OnlineMlpModel;
import dev.freshet.learn.model.OnlineNetworkModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/** Behaviour both algorithms promise: growth by name, exact continuation, Tribuo serialization, bad input. */
class OnlineLearnerTest {

    static Stream<LearnerSettings> algorithms() {
        return Stream.of(LearnerSettings.linear(), LearnerSettings.mlp(), LearnerSettings.mlp().withHiddenSizes(16, 8),
                LearnerSettings.linear().withEncoding(ENCODED).withReplay(new LearnerSettings.Replay(500, 2)),
                LearnerSettings.linear().withEncoding(RAW_CROSSES),
                LearnerSettings.mlp().withEncoding(ENCODED.withoutCrosses()).withReplay(new LearnerSettings.Replay(300, 1)));
    }

    /**
     * Encodings over the synthetic streams' features (f1..f3): one-hot f2 (its continuous values land in the
     * unknown slot), sine and cosine of f3, a numeric-by-cyclical cross. Breast cancer has none of them: zero slots.
     */
    static final InputEncoding ENCODED = new InputEncoding(orderedEncodings(
            FeatureEncoding.categorical("f2", 0, 3), FeatureEncoding.cyclical("f3", 10)), Map.of("g", List.of("f1")),
            List.of(List.of("g", "f3"), List.of("f1", "f2")));

    /** The same, crosses standardised like numeric features, as models saved before crosses were uncentred. */
    static final InputEncoding RAW_CROSSES = new InputEncoding(ENCODED.encodings(), ENCODED.groups(),
            ENCODED.crosses(), InputEncoding.CrossScale.RAW);

    @org.junit.jupiter.api.Test
    void aCrossWithAOneHotFactorMovesOnlyThePresentCategorysWeights() {
        // f2 is one-hot over 0 and 3. An example with f2 = 0 moves the f1&f2=0 column of the cross f1*f2 and leaves
        // the f1&f2=3 one alone, whose product is 0; standardised (centred), that 0 became -mean / sd and moved.
        assertThat(movedByOneExampleWithF2Of0(ENCODED)).containsExactly(true, false);
        assertThat(movedByOneExampleWithF2Of0(RAW_CROSSES)).containsExactly(true, true);
    }

    /** Whether the weights of f1&f2=0 and of f1&f2=3 moved when a trained learner learned one example with f2 = 0. */
    private static boolean[] movedByOneExampleWithF2Of0(InputEncoding encoding) {
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear().withEncoding(encoding));
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 500; i++) {
            double f1 = random.nextGaussian();
            double f2 = random.nextBoolean() ? 0 : 3;
            learner.learn(example((f1 > 0) == (f2 == 0) ? "x" : "y", "f1", f1, "f2", f2, "f3", 1.0));
        }
        var before = learner.network().freeze();
        learner.learn(example("y", "f1", 1.5, "f2", 0.0, "f3", 1.0));
        var after = learner.network().freeze();
        boolean[] moved = new boolean[2];
        List<String> columns = List.of("f1&f2=0", "f1&f2=3");
        for (int k = 0; k < 2; k++) {
            int c = before.featureIndex(columns.get(k));
            assertThat(c).as(columns.get(k)).isNotNegative();
            double[] w0 = before.layers().get(0).weights();
            double[] w1 = after.layers().get(0).weights();
            int stride = before.featureNames().size() + 1;
            moved[k] = w0[c] != w1[c] || w0[stride + c] != w1[stride + c];
        }
        return moved;
    }

    private static Map<String, FeatureEncoding> orderedEncodings(FeatureEncoding... encodings) {
        Map<String, FeatureEncoding> map = new java.util.LinkedHashMap<>();
        for (FeatureEncoding e : encodings) {
            map.put(e.feature(), e);
        }
        return map;
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void prequentialAccuracyOnBreastCancerIsHigh(LearnerSettings settings) {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(OnlineLearners.create(settings));
        evaluator.process(Streams.breastCancer());
        assertThat(evaluator.processed()).isEqualTo(699);
        assertThat(evaluator.metrics().overall().accuracy()).isGreaterThanOrEqualTo(0.95);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void multiClassAndNewLabelsMidStreamGrowTheModel(LearnerSettings settings) {
        OnlineLearner learner = OnlineLearners.create(settings);
        List<LabelledExample> stream = threeClasses(6_000, 3);
        // Class "c" first appears after 2,000 examples of only "a" and "b".
        List<LabelledExample> firstPart = stream.stream().filter(e -> !e.label().equals("c")).limit(2_000).toList();
        learner.learn(firstPart);
        assertThat(learner.labelNames()).containsExactly("a", "b");
        learner.learn(stream);
        assertThat(learner.labelNames()).containsExactlyInAnyOrder("a", "b", "c");
        PrequentialEvaluator evaluator = new PrequentialEvaluator(learner);
        evaluator.process(threeClasses(3_000, 4));
        assertThat(evaluator.metrics().overall().accuracy()).isGreaterThan(0.85);
        assertThat(evaluator.metrics().overall().of("c").recall()).isGreaterThan(0.8);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void aBatchWithoutAClassDoesNotShrinkTheModel(LearnerSettings settings) {
        OnlineLearner learner = OnlineLearners.create(settings);
        learner.learn(threeClasses(3_000, 5));
        List<LabelledExample> onlyA = threeClasses(3_000, 6).stream().filter(e -> e.label().equals("a")).toList();
        learner.learn(onlyA.subList(0, 100));
        assertThat(learner.labelNames()).containsExactly("a", "b", "c");
        OnlineNetworkModel model = learner.snapshot().model();
        assertThat(model.getOutputIDInfo().size()).isEqualTo(3);
        assertThat(learner.predict(threeClasses(1, 7).get(0).features()).labels()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void newFeaturesMidStreamGrowTheModelAndAreLearned(LearnerSettings settings) {
        OnlineLearner learner = OnlineLearners.create(settings);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 2_000; i++) {
            double noise = random.nextGaussian();
            learner.learn(example(random.nextBoolean() ? "x" : "y", "noise", noise));
        }
        // The network's inputs: with an encoding its slots come too (at 0 for features a stream lacks).
        assertThat(learner.featureNames()).contains("noise").doesNotContain("signal");
        // From now on "signal" decides the label; it did not exist before.
        for (int i = 0; i < 4_000; i++) {
            double signal = random.nextGaussian();
            learner.learn(example(signal > 0 ? "x" : "y", "noise", random.nextGaussian(), "signal", signal));
        }
        assertThat(learner.featureNames()).containsSubsequence("noise", "signal");
        int right = 0;
        for (int i = 0; i < 1_000; i++) {
            double signal = random.nextGaussian();
            ClassPrediction p = learner.predict(example("?", "noise", random.nextGaussian(), "signal", signal).features());
            right += p.label().equals(signal > 0 ? "x" : "y") ? 1 : 0;
        }
        assertThat(right).isGreaterThan(900);
    }

    /** Sources share one names array across examples; scoring remembers where its features go, and must learn anew. */
    @ParameterizedTest
    @MethodSource("algorithms")
    void aSharedNamesArrayScoredBeforeAFeatureWasLearnedUsesItAfterwards(LearnerSettings settings) {
        OnlineLearner learner = OnlineLearners.create(settings);
        String[] shared = {"noise", "signal"};
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 500; i++) {
            learner.learn(example(random.nextBoolean() ? "x" : "y", "noise", random.nextGaussian()));
        }
        FeatureVector strong = new FeatureVector(shared, new double[] {0, 3});
        double before = learner.predict(strong).probability("x"); // "signal" unknown: ignored
        for (int i = 0; i < 4_000; i++) {
            double signal = random.nextGaussian();
            learner.learn(example(signal > 0 ? "x" : "y", "noise", random.nextGaussian(), "signal", signal));
        }
        double after = learner.predict(strong).probability("x");
        assertThat(after).isGreaterThan(0.9).isGreaterThan(before + 0.3);
        assertThat(learner.predict(new FeatureVector(shared.clone(), new double[] {0, 3})).probability("x"))
                .isCloseTo(after, within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void featuresAreMatchedByNameNotPosition(LearnerSettings settings) {
        OnlineLearner learner = OnlineLearners.create(settings);
        learner.learn(Streams.breastCancer());
        LabelledExample row = Streams.breastCancer().get(10);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < row.features().size(); i++) {
            order.add(i);
        }
        Collections.reverse(order);
        String[] names = order.stream().map(i -> row.features().names()[i]).toArray(String[]::new);
        double[] values = order.stream().mapToDouble(i -> row.features().values()[i]).toArray();
        ClassPrediction original = learner.predict(row.features());
        ClassPrediction reversed = learner.predict(new FeatureVector(names, values));
        assertThat(reversed.label()).isEqualTo(original.label());
        assertThat(reversed.probability(original.label())).isCloseTo(original.topProbability(), within(1e-12));
        OnlineNetworkModel model = learner.snapshot().model();
        assertThat(model.predict(new FeatureVector(names, values)).probabilities())
                .containsExactly(original.probabilities(), within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void restoredLearnerContinuesExactlyWhereItStopped(LearnerSettings settings) throws Exception {
        List<LabelledExample> stream = SyntheticStreams.sea(9, 2_000, 0.1).limit(6_000).toList();
        NetworkLearner uninterrupted = OnlineLearners.create(settings);
        NetworkLearner first = OnlineLearners.create(settings);
        uninterrupted.learn(stream.subList(0, 3_000));
        first.learn(stream.subList(0, 3_000));

        LearnerSnapshot snapshot = first.snapshot("test", Map.of("parent-version", "7"));
        // Through bytes, as the registry stores them.
        Model<?> loaded = Model.deserialize(ModelProto.parseFrom(snapshot.modelBytes()));
        NetworkLearner resumed = OnlineLearners.restore(loaded, snapshot.trainingState());
        assertThat(resumed.examplesSeen()).isEqualTo(3_000);

        uninterrupted.learn(stream.subList(3_000, 6_000));
        resumed.learn(stream.subList(3_000, 6_000));
        assertThat(resumed.network().freeze().fingerprint()).isEqualTo(uninterrupted.network().freeze().fingerprint());
        assertThat(resumed.network().secondMoments().get(0)).containsExactly(uninterrupted.network().secondMoments().get(0));
        assertThat(resumed.examplesSeen()).isEqualTo(6_000);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void modelRoundTripsThroughTribuoProtobufWithProvenance(LearnerSettings settings) throws Exception {
        NetworkLearner learner = OnlineLearners.create(settings);
        learner.learn(Streams.breastCancer());
        OnlineNetworkModel model = learner.snapshot("csv:breast-cancer", Map.of("parent-version", "3")).model();
        Model<Label> loaded = Model.deserialize(ModelProto.parseFrom(model.serialize().toByteArray())).castModel(Label.class);

        assertThat(loaded).isInstanceOf(settings.algorithm().equals("linear") ? OnlineLinearModel.class : OnlineMlpModel.class);
        assertThat(((OnlineNetworkModel) loaded).weights().encoding()).isEqualTo(settings.encoding());
        assertThat(loaded.getProvenance()).isEqualTo(model.getProvenance());
        assertThat(loaded.getProvenance().getInstanceProvenance().getMap().get("parent-version").toString()).contains("3");
        assertThat(loaded.getProvenance().getTrainerProvenance().getClassName()).contains("Online");
        for (LabelledExample e : Streams.breastCancer().subList(0, 50)) {
            double[] expected = model.predict(e.features()).probabilities();
            assertThat(((OnlineNetworkModel) loaded).predict(e.features()).probabilities()).containsExactly(expected);
        }
        // Tribuo's own prediction path agrees with the direct one.
        org.tribuo.Example<Label> tribuoExample = new org.tribuo.impl.ArrayExample<>(new Label("2"),
                Streams.breastCancer().get(0).features().names(), Streams.breastCancer().get(0).features().values());
        double top = loaded.predict(tribuoExample).getOutput().getScore();
        assertThat(top).isCloseTo(model.predict(Streams.breastCancer().get(0).features()).topProbability(), within(1e-12));
    }

    @org.junit.jupiter.api.Test
    void encodedSlotsAreLearnedAndServedAlikeAndUnknownValuesAreCounted() throws Exception {
        // The label is decided by a category (1, 2 or 3) that a number cannot separate: one-hot can.
        InputEncoding encoding = new InputEncoding(orderedEncodings(FeatureEncoding.categorical("colour", 1, 3)),
                Map.of(), List.of());
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear().withEncoding(encoding));
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 3_000; i++) {
            int colour = 1 + random.nextInt(3);
            learner.learn(example(colour == 2 ? "x" : "y", "colour", colour, "size", random.nextGaussian()));
        }
        learner.learn(example("y", "colour", 9, "size", 0.0));
        assertThat(learner.unknownCategories()).containsEntry("colour", 1L);
        OnlineNetworkModel model = (OnlineNetworkModel) Model.deserialize(ModelProto.parseFrom(
                learner.snapshot().modelBytes()));
        for (int colour = 1; colour <= 3; colour++) {
            FeatureVector features = example("?", "colour", colour, "size", 0.1).features();
            assertThat(learner.predict(features).label()).isEqualTo(colour == 2 ? "x" : "y");
            assertThat(model.predict(features).probabilities()).containsExactly(learner.predict(features).probabilities());
        }
        model.predict(example("?", "colour", 7, "size", 0.1).features());
        assertThat(model.weights().unknownCategories()).containsEntry("colour", 1L);
    }

    @org.junit.jupiter.api.Test
    void aStateWhoseEncodingDiffersFromItsModelIsRefused() {
        NetworkLearner encoded = OnlineLearners.create(LearnerSettings.linear().withEncoding(ENCODED));
        NetworkLearner plain = OnlineLearners.create(LearnerSettings.linear());
        List<LabelledExample> stream = SyntheticStreams.sea(9, 2_000, 0.1).limit(200).toList();
        encoded.learn(stream);
        plain.learn(stream);
        LearnerSnapshot a = encoded.snapshot();
        LearnerSnapshot b = plain.snapshot();
        assertThatThrownBy(() -> OnlineLearners.restore(a.model(), b.trainingState()))
                .isInstanceOf(IncompatibleSnapshotException.class);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void nonFiniteValuesAreRefusedAndNeverReachTheWeights(LearnerSettings settings) {
        NetworkLearner learner = OnlineLearners.create(settings);
        learner.learn(Streams.breastCancer().subList(0, 100));
        String before = learner.network().freeze().fingerprint();

        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> example("2", "clump_thickness", bad))
                    .isInstanceOf(InvalidExampleException.class).hasMessageContaining("clump_thickness");
            // Arrays changed after the vector was built are checked again by the learner.
            LabelledExample valid = example("2", "clump_thickness", 1.0, "mitoses", 1.0);
            valid.features().values()[1] = bad;
            assertThatThrownBy(() -> learner.learn(valid)).isInstanceOf(InvalidExampleException.class)
                    .hasMessageContaining("mitoses");
            assertThatThrownBy(() -> learner.testThenLearn(valid)).isInstanceOf(InvalidExampleException.class);
        }
        assertThatThrownBy(() -> learner.learn(example("2", "a", 1.0, "a", 2.0)))
                .isInstanceOf(InvalidExampleException.class).hasMessageContaining("twice");
        assertThat(learner.network().freeze().fingerprint()).isEqualTo(before);
        assertThat(learner.examplesSeen()).isEqualTo(100);
        assertThat(learner.featureNames()).doesNotContain("a");
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void absurdMagnitudesKeepEveryWeightFinite(LearnerSettings settings) {
        NetworkLearner learner = OnlineLearners.create(settings);
        learner.learn(Streams.breastCancer().subList(0, 50));
        learner.learn(example("2", "clump_thickness", 1e308, "mitoses", -1e308));
        learner.learn(example("4", "clump_thickness", -1e308, "mitoses", 1e308));
        learner.learn(Streams.breastCancer().subList(50, 100));
        // NetworkWeights refuses non-finite weights, so freezing proves every weight is finite.
        assertThat(learner.snapshot().model().weights().examplesSeen()).isEqualTo(102);
        assertThat(learner.predict(Streams.breastCancer().get(0).features()).topProbability()).isBetween(0.0, 1.0);
        // The statistics stay representable: the feature is still standardised, not switched off for the lineage.
        var weights = learner.snapshot().model().weights();
        int j = weights.featureIndex("clump_thickness");
        assertThat(weights.m2()[j]).isFinite().isPositive();
        assertThat(weights.mean()[j]).isFinite();
    }

    @org.junit.jupiter.api.Test
    void aFeatureWithOneAbsurdValueStillSeparatesTheClassesAfterwards() {
        // One value of 1e200 mid-stream once made the running variance infinite: the feature standardised to 0 from
        // then on, for the whole lineage.
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear());
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 3_500; i++) {
            double signal = i == 500 ? 1e200 : random.nextGaussian();
            learner.learn(example(signal > 0 ? "x" : "y", "signal", signal));
        }
        var weights = learner.snapshot().model().weights();
        double variance = weights.m2()[0] / weights.count()[0];
        assertThat(variance).as("the spread of the stream, not of the one value").isBetween(0.5, 3.0);
        assertThat(learner.predict(example("?", "signal", 2.0).features()).label()).isEqualTo("x");
        assertThat(learner.predict(example("?", "signal", -2.0).features()).label()).isEqualTo("y");
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void anEmptyBatchChangesNothing(LearnerSettings settings) {
        NetworkLearner learner = OnlineLearners.create(settings);
        learner.learn(Streams.breastCancer().subList(0, 100));
        String before = learner.network().freeze().fingerprint();
        learner.learn(List.of());
        assertThat(learner.network().freeze().fingerprint()).isEqualTo(before);
        assertThat(learner.examplesSeen()).isEqualTo(100);
    }

    @org.junit.jupiter.api.Test
    void aModelNeedsALabelBeforeItCanBeSnapshot() {
        assertThat(OnlineLearners.create(LearnerSettings.linear()).predict(example("?", "a", 1).features()).isEmpty()).isTrue();
        assertThatThrownBy(() -> OnlineLearners.create(LearnerSettings.linear()).snapshot())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing learned");
    }

    @org.junit.jupiter.api.Test
    void aSnapshotOfAnotherKindIsRefused() {
        NetworkLearner linear = OnlineLearners.create(LearnerSettings.linear());
        NetworkLearner mlp = OnlineLearners.create(LearnerSettings.mlp());
        linear.learn(Streams.breastCancer().subList(0, 50));
        mlp.learn(Streams.breastCancer().subList(0, 50));
        LearnerSnapshot linearSnapshot = linear.snapshot();
        LearnerSnapshot mlpSnapshot = mlp.snapshot();

        assertThatThrownBy(() -> new OnlineMlpTrainer(LearnerSettings.mlp()).restore(linearSnapshot.model(),
                linearSnapshot.trainingState()))
                .isInstanceOf(IncompatibleSnapshotException.class).hasMessageContaining("linear");
        assertThatThrownBy(() -> OnlineLearners.restore(linearSnapshot.model(), mlpSnapshot.trainingState()))
                .isInstanceOf(IncompatibleSnapshotException.class).hasMessageContaining("mlp");
        linear.learn(Streams.breastCancer().subList(50, 60));
        LearnerSnapshot later = linear.snapshot();
        assertThatThrownBy(() -> OnlineLearners.restore(linearSnapshot.model(), later.trainingState()))
                .isInstanceOf(IncompatibleSnapshotException.class).hasMessageContaining("another model");
        assertThatThrownBy(() -> OnlineLearners.restore(linearSnapshot.model(), new byte[] {1, 2, 3, 4}))
                .isInstanceOf(IncompatibleSnapshotException.class);
        assertThatThrownBy(() -> OnlineLearners.restore(linearSnapshot.model(), new byte[0]))
                .isInstanceOf(IncompatibleSnapshotException.class).hasMessageContaining("empty");
    }

    /** Three Gaussian blobs in 3 dimensions, labels a, b, c. */
    static List<LabelledExample> threeClasses(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] labels = {"a", "b", "c"};
        double[][] centres = {{2, 0, 0}, {0, 2, 0}, {0, 0, 2}};
        String[] names = {"u", "v", "w"};
        List<LabelledExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(3);
            double[] x = new double[3];
            for (int j = 0; j < 3; j++) {
                x[j] = centres[k][j] + random.nextGaussian() * 0.7;
            }
            out.add(new LabelledExample(new FeatureVector(names, x), labels[k]));
        }
        return out;
    }
}

package dev.freshet.learn.network;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.IncompatibleSnapshotException;
import dev.freshet.learn.InvalidExampleException;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.encode.InputEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The mutable network a learner trains: zero or more hidden layers and a softmax layer over the labels,
 * on standardised inputs, updated one example at a time.
 *
 * <p>Inputs and outputs are keyed by name in first-seen order. A new feature adds an input column (zero
 * weights in a linear model, small deterministic random weights in a hidden layer); a new label adds an
 * output row of zeros. Nothing ever shrinks. Initial weights depend only on the seed and the names, so
 * a restored network grows exactly as the original would have.
 *
 * <p>Features are first encoded as the settings' {@link dev.freshet.learn.encode.InputEncoding} says (one-hot,
 * cyclical, crosses); the network's inputs are the encoded ones. Per example: inputs are standardised with the statistics seen so far, the forward pass scores them,
 * the gradient of the log loss updates every weight, and only then are the statistics updated with the
 * example. Prediction and learning of one example therefore see the same inputs.
 */
public final class TrainableNetwork {

    private final LearnerSettings settings;
    private final Activation activation;
    private final Optimizer optimizer;
    private final RunningScaler scaler;
    private final InputEncoder encoder;
    private final Layer[] layers;
    /** The forward and backward passes over the layers, with their buffers. */
    private final NetworkPass pass;
    private final List<String> featureNames = new ArrayList<>();
    private final Map<String, Integer> featureIndex = new HashMap<>();
    private final List<String> labelNames = new ArrayList<>();
    private final Map<String, Integer> labelIndex = new HashMap<>();
    private long examplesSeen;

    private String[] cachedNames;
    private int[] cachedIndex;
    /** The cached names are the inputs themselves, in order: an image's pixels. */
    private boolean cachedInOrder;
    /** For scoring: the positions of the last names array scored, -1 for a feature not known (reset as features grow). */
    private String[] scoredNames;
    private int[] scoredIndex;
    /** labelNames as every prediction carries it, copied once per new label rather than once per prediction. */
    private List<String> labelList = List.of();
    /** The encoded values of the example at hand, reused from one example to the next. */
    private double[] encoded;

    public TrainableNetwork(LearnerSettings settings) {
        this.settings = settings;
        this.activation = settings.activation();
        this.optimizer = new Optimizer(settings.optimizer(), settings.learningRate(), 0);
        this.scaler = new RunningScaler(settings.clip());
        this.encoder = new InputEncoder(settings.encoding());
        int[] hidden = settings.hiddenSizes();
        this.layers = new Layer[hidden.length + 1];
        for (int l = 0; l < hidden.length; l++) {
            int in = l == 0 ? 0 : hidden[l - 1];
            int out = hidden[l];
            final int layer = l;
            double scale = Math.sqrt(6.0 / (in + out));
            layers[l] = new Layer(out, in, (r, c) -> uniform(layer, r, "#" + c, scale));
        }
        layers[hidden.length] = new Layer(0, hidden.length == 0 ? 0 : hidden[hidden.length - 1], (r, c) -> 0);
        this.pass = new NetworkPass(settings, layers, optimizer);
    }

    private TrainableNetwork(LearnerSettings settings, NetworkWeights weights, List<double[]> firstMoments,
                             List<double[]> secondMoments, long step) {
        this.settings = settings;
        this.activation = settings.activation();
        this.optimizer = new Optimizer(settings.optimizer(), settings.learningRate(), step);
        if (!weights.encoding().equals(settings.encoding())) {
            throw new IncompatibleSnapshotException("the model encodes its features as " + weights.encoding()
                    + " but its training state says " + settings.encoding());
        }
        this.scaler = new RunningScaler(weights.clip(), weights.count(), weights.mean(), weights.m2(), weights.min(),
                weights.max());
        this.encoder = new InputEncoder(settings.encoding());
        List<NetworkWeights.LayerWeights> stored = weights.layers();
        int[] hidden = settings.hiddenSizes();
        if (stored.size() != hidden.length + 1) {
            throw new IncompatibleSnapshotException("the model has " + (stored.size() - 1) + " hidden layers, the "
                    + settings.algorithm() + " learner expects " + hidden.length);
        }
        if (firstMoments.size() != stored.size() || secondMoments.size() != stored.size()) {
            throw new IncompatibleSnapshotException("optimiser state has " + firstMoments.size()
                    + " layers, the model " + stored.size());
        }
        this.layers = new Layer[stored.size()];
        for (int l = 0; l < stored.size(); l++) {
            NetworkWeights.LayerWeights s = stored.get(l);
            if (l < hidden.length && s.outputs() != hidden[l]) {
                throw new IncompatibleSnapshotException("hidden layer " + (l + 1) + " has " + s.outputs()
                        + " units, the learner expects " + hidden[l]);
            }
            if (firstMoments.get(l).length != s.weights().length || secondMoments.get(l).length != s.weights().length) {
                throw new IncompatibleSnapshotException("optimiser state of layer " + l + " does not match its weights");
            }
            layers[l] = new Layer(s.outputs(), s.inputs(), s.weights().clone(), firstMoments.get(l).clone(),
                    secondMoments.get(l).clone());
        }
        weights.featureNames().forEach(this::addFeatureName);
        for (int j = 0; j < featureNames.size(); j++) {
            scaler.scaling(j, encoder.scaling(featureNames.get(j)));
        }
        weights.labelNames().forEach(this::addLabelName);
        this.examplesSeen = weights.examplesSeen();
        this.pass = new NetworkPass(settings, layers, optimizer);
    }

    /** A network continuing from {@code weights} with the optimiser moments and step saved beside them. */
    public static TrainableNetwork restore(LearnerSettings settings, NetworkWeights weights,
                                           List<double[]> firstMoments, List<double[]> secondMoments, long step) {
        return new TrainableNetwork(settings, weights, firstMoments, secondMoments, step);
    }

    public LearnerSettings settings() {
        return settings;
    }

    public long examplesSeen() {
        return examplesSeen;
    }

    public long optimizerStep() {
        return optimizer.step();
    }

    public List<String> featureNames() {
        return List.copyOf(featureNames);
    }

    public List<String> labelNames() {
        return List.copyOf(labelNames);
    }

    /**
     * Scores with the current weights; features never seen are ignored. Learns nothing (it only remembers where the
     * last names array's features go).
     */
    public ClassPrediction predict(FeatureVector features) {
        requireFinite(features);
        features = encode(features, true);
        if (labelNames.isEmpty()) {
            return ClassPrediction.none();
        }
        int[] index = scoringIndex(features.names());
        double[] values = features.values();
        double[] input = pass.input();
        Arrays.fill(input, 0);
        for (int i = 0; i < index.length; i++) {
            int j = index[i];
            // Encoded inputs are mostly 0, and most of those stay 0: only the rest are worth standardising.
            if (j >= 0 && (values[i] != 0 || !scaler.zeroStaysZero(j))) {
                input[j] = scaler.standardise(j, values[i]);
            }
        }
        pass.forward();
        return currentPrediction();
    }

    /**
     * Learns one example; returns what the network predicted for it before learning, if asked.
     *
     * @param wantPrediction build the prediction (costs an allocation); false for plain learning
     */
    public ClassPrediction learn(FeatureVector features, String label, boolean wantPrediction) {
        return learn(features, label, wantPrediction, false);
    }

    /**
     * Learns an example again (a replay of one already learned): the weights move, but neither the running
     * statistics nor the count of examples seen, which describe the stream once.
     */
    public void relearn(FeatureVector features, String label) {
        learn(features, label, false, true);
    }

    /** Values outside a categorical feature's declared ones met in learning or scoring, per feature. */
    public Map<String, Long> unknownCategories() {
        return encoder.unknownCategories();
    }

    private ClassPrediction learn(FeatureVector features, String label, boolean wantPrediction, boolean again) {
        requireFinite(features);
        features = encode(features, !again);
        int[] index = indexAndGrow(features.names());
        double[] values = features.values();
        double[] input = pass.input();
        boolean whole = cachedInOrder && scaler.wholeExamplesOnly(index.length); // images: every pixel, in order
        if (whole) {
            scaler.standardiseAll(values, input);
        } else {
            if (index.length != input.length) {
                Arrays.fill(input, 0);
            }
            for (int i = 0; i < index.length; i++) {
                int j = index[i];
                input[j] = values[i] != 0 || !scaler.zeroStaysZero(j) ? scaler.standardise(j, values[i]) : 0;
            }
        }
        ClassPrediction prediction = null;
        if (!labelNames.isEmpty()) {
            pass.forward();
            if (wantPrediction) {
                prediction = currentPrediction();
            }
        } else if (wantPrediction) {
            prediction = ClassPrediction.none();
        }
        Integer y = labelIndex.get(label);
        if (y == null) {
            y = addLabel(label);
            pass.forward();
        }
        pass.backward(y);
        if (again) {
            return prediction;
        }
        if (whole) {
            scaler.observeAll(values);
        } else {
            scaler.observeAll(index, values, index.length);
        }
        examplesSeen++;
        return prediction;
    }

    private FeatureVector encode(FeatureVector features, boolean count) {
        FeatureVector input = encoder.encode(features, count, encoded);
        if (input != features) { // not the caller's vector, left as it is without an encoding
            encoded = input.values();
        }
        return input;
    }

    /** A frozen copy of the weights and statistics. */
    public NetworkWeights freeze() {
        pass.writeBack();
        List<NetworkWeights.LayerWeights> frozen = new ArrayList<>();
        for (Layer layer : layers) {
            frozen.add(new NetworkWeights.LayerWeights(layer.outputs, layer.inputs, layer.weights.clone()));
        }
        return new NetworkWeights(settings.encoding(), featureNames, labelNames, scaler.clip, scaler.count.clone(), scaler.mean.clone(),
                scaler.m2.clone(), scaler.min.clone(), scaler.max.clone(), frozen, activation, examplesSeen);
    }

    /** Copies of the optimiser's first moments, one array per layer. */
    public List<double[]> firstMoments() {
        pass.writeBack();
        return Arrays.stream(layers).map(l -> l.firstMoments.clone()).toList();
    }

    /** Copies of the optimiser's second moments (or AdaGrad's accumulators), one array per layer. */
    public List<double[]> secondMoments() {
        pass.writeBack();
        return Arrays.stream(layers).map(l -> l.secondMoments.clone()).toList();
    }

    private ClassPrediction currentPrediction() {
        int k = labelNames.size();
        double[] probabilities = Arrays.copyOf(pass.output(), k);
        return new ClassPrediction(labelNames.get(NetworkMath.argmax(probabilities, k)), labelList, probabilities);
    }

    private int[] indexAndGrow(String[] names) {
        if (names == cachedNames) {
            return cachedIndex;
        }
        // Validate the whole example before anything grows, so a refused example leaves no trace.
        Set<String> distinct = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new InvalidExampleException("a feature needs a name");
            }
            if (!distinct.add(name)) {
                throw new InvalidExampleException("feature '" + name + "' appears twice in one example");
            }
        }
        int[] index = new int[names.length];
        boolean grew = false;
        for (int i = 0; i < names.length; i++) {
            Integer j = featureIndex.get(names[i]);
            if (j == null) {
                j = addFeatureName(names[i]);
                grew = true;
            }
            index[i] = j;
        }
        if (grew) {
            growInputs();
        }
        boolean inOrder = true;
        for (int i = 0; i < index.length; i++) {
            inOrder &= index[i] == i;
        }
        cachedNames = names;
        cachedIndex = index;
        cachedInOrder = inOrder;
        return index;
    }

    private int addFeatureName(String name) {
        int j = featureNames.size();
        featureNames.add(name);
        featureIndex.put(name, j);
        scoredNames = null; // a feature scored as unknown may be known now
        return j;
    }

    /**
     * The inputs of a names array for scoring, looked up once per array: examples of one source share theirs, and
     * a map lookup per feature per prediction was a large share of the trainer's training thread.
     */
    private int[] scoringIndex(String[] names) {
        if (names == cachedNames) {
            return cachedIndex;
        }
        if (names != scoredNames) {
            int[] index = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                Integer j = featureIndex.get(names[i]);
                index[i] = j == null ? -1 : j;
            }
            scoredNames = names;
            scoredIndex = index;
        }
        return scoredIndex;
    }

    private void growInputs() {
        int d = featureNames.size();
        int was = scaler.size();
        scaler.grow(d);
        for (int j = was; j < d; j++) {
            scaler.scaling(j, encoder.scaling(featureNames.get(j)));
        }
        pass.writeBack(); // the linear model's weights, before its layer grows
        Layer first = layers[0];
        if (layers.length == 1) {
            first.growInputs(d, (r, c) -> 0);
        } else {
            double scale = Math.sqrt(6.0 / (d + first.outputs));
            first.growInputs(d, (r, c) -> uniform(0, r, featureNames.get(c), scale));
        }
        workspaceResized();
    }

    private int addLabel(String label) {
        int y = addLabelName(label);
        pass.writeBack();
        layers[layers.length - 1].growOutputs(labelNames.size(), (r, c) -> 0);
        workspaceResized();
        return y;
    }

    private int addLabelName(String label) {
        int y = labelNames.size();
        labelNames.add(label);
        labelIndex.put(label, y);
        labelList = List.copyOf(labelNames);
        return y;
    }

    /** After a layer grew: the pass's buffers follow it, and the cached input positions are looked up again. */
    private void workspaceResized() {
        pass.allocate();
        cachedNames = null;
    }

    /** A deterministic uniform(-scale, scale) value for one weight, from the seed, layer, row and column key. */
    private double uniform(int layer, int row, String column, double scale) {
        long key = settings.seed() * 0x9E3779B97F4A7C15L + layer * 0xBF58476D1CE4E5B9L + row * 0x94D049BB133111EBL
                + column.hashCode();
        return (new SplittableRandom(key).nextDouble() * 2 - 1) * scale;
    }

    private static void requireFinite(FeatureVector features) {
        // Checked again here: a FeatureVector's arrays could have been changed after it was built.
        double[] values = features.values();
        // x * 0 is 0 for a finite x and NaN otherwise: four running sums are NaN only if a value is not finite,
        // and cost a quarter of a branch per value (784 per image).
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int n = values.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            a += values[i] * 0.0;
            b += values[i + 1] * 0.0;
            c += values[i + 2] * 0.0;
            d += values[i + 3] * 0.0;
        }
        for (; i < n; i++) {
            a += values[i] * 0.0;
        }
        double all = a + b + c + d;
        if (all == all) {
            return;
        }
        for (i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidExampleException("feature '" + features.names()[i] + "' is " + values[i]
                        + ": only finite numbers are accepted");
            }
        }
    }
}

package dev.freshet.learn.network;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.encode.InputEncoder;
import dev.freshet.learn.encode.InputEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.math.LinearParameters;

/**
 * A frozen copy of a network: its input encoding, input and label names, scaler statistics and layer weights.
 * Immutable and thread-safe (but for the encoder's count of unknown categories); every prediction allocates its
 * own buffers. This is what a Tribuo model wraps. Its feature names are the network's inputs: the encoded ones.
 */
public final class NetworkWeights {

    /** One layer's shape and weights, as stored. */
    public record LayerWeights(int outputs, int inputs, double[] weights) {}

    private final List<String> featureNames;
    private final List<String> labelNames;
    private final Map<String, Integer> featureIndex;
    private final double clip;
    private final long[] count;
    private final double[] mean;
    private final double[] m2;
    private final double[] min;
    private final double[] max;
    private final List<LayerWeights> layers;
    private final Activation activation;
    private final long examplesSeen;
    private final RunningScaler scaler;
    private final InputEncoder encoder;
    /** A linear model's weights as Tribuo's parameters (null for a network with hidden layers). */
    private final LinearParameters linear;

    public NetworkWeights(List<String> featureNames, List<String> labelNames, double clip, long[] count,
                          double[] mean, double[] m2, double[] min, double[] max, List<LayerWeights> layers,
                          Activation activation, long examplesSeen) {
        this(InputEncoding.NONE, featureNames, labelNames, clip, count, mean, m2, min, max, layers, activation,
                examplesSeen);
    }

    public NetworkWeights(InputEncoding encoding, List<String> featureNames, List<String> labelNames, double clip,
                          long[] count, double[] mean, double[] m2, double[] min, double[] max,
                          List<LayerWeights> layers, Activation activation, long examplesSeen) {
        this.encoder = new InputEncoder(encoding);
        this.featureNames = List.copyOf(featureNames);
        this.labelNames = List.copyOf(labelNames);
        this.clip = clip;
        this.count = count.clone();
        this.mean = mean.clone();
        this.m2 = m2.clone();
        this.min = min.clone();
        this.max = max.clone();
        this.layers = layers.stream()
                .map(l -> new LayerWeights(l.outputs(), l.inputs(), l.weights().clone())).toList();
        this.activation = activation;
        this.examplesSeen = examplesSeen;
        validate();
        this.featureIndex = new HashMap<>();
        for (int i = 0; i < this.featureNames.size(); i++) {
            featureIndex.put(this.featureNames.get(i), i);
        }
        LayerWeights only = this.layers.get(0);
        this.linear = this.layers.size() == 1 && only.outputs() > 0
                ? TribuoLinear.parameters(only.weights(), only.outputs(), only.inputs()) : null;
        this.scaler = new RunningScaler(clip, this.count, this.mean, this.m2, this.min, this.max);
        for (int j = 0; j < this.featureNames.size(); j++) {
            scaler.scaling(j, encoder.scaling(this.featureNames.get(j)));
        }
    }

    /** How features become the inputs named by {@link #featureNames()}. */
    public InputEncoding encoding() {
        return encoder.encoding();
    }

    /** Values outside a categorical feature's declared ones scored by this copy, per feature. */
    public java.util.Map<String, Long> unknownCategories() {
        return encoder.unknownCategories();
    }

    private void validate() {
        int d = featureNames.size();
        if (count.length != d || mean.length != d || m2.length != d || min.length != d || max.length != d) {
            throw new IllegalArgumentException("scaler statistics do not match " + d + " features");
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("the clip must be a finite number above 0, not " + clip);
        }
        for (int j = 0; j < d; j++) {
            // What a loaded artifact says is checked as what a learner could have made: finite, counts not negative.
            if (count[j] < 0 || !Double.isFinite(mean[j]) || !(m2[j] >= 0) || !Double.isFinite(m2[j])
                    || !Double.isFinite(min[j]) || !Double.isFinite(max[j]) || (count[j] > 0 && min[j] > max[j])) {
                throw new IllegalArgumentException("the scaler statistics of '" + featureNames.get(j) + "' are not "
                        + "ones a learner makes: count " + count[j] + ", mean " + mean[j] + ", m2 " + m2[j] + ", min "
                        + min[j] + ", max " + max[j]);
            }
        }
        int in = d;
        for (LayerWeights layer : layers) {
            long expected;
            try {
                expected = Math.multiplyExact((long) layer.outputs(), Math.addExact((long) layer.inputs(), 1L));
            } catch (ArithmeticException e) {
                expected = -1;
            }
            if (layer.outputs() < 0 || layer.inputs() < 0 || layer.inputs() != in
                    || layer.weights().length != expected) {
                throw new IllegalArgumentException("layer shapes do not chain: expected " + in + " inputs, got "
                        + layer.inputs() + " with " + layer.weights().length + " weights for " + layer.outputs()
                        + " outputs");
            }
            for (double w : layer.weights()) {
                if (!Double.isFinite(w)) {
                    throw new IllegalArgumentException("a weight is not finite: " + w);
                }
            }
            in = layer.outputs();
        }
        if (in != labelNames.size()) {
            throw new IllegalArgumentException("output layer has " + in + " outputs for " + labelNames.size() + " labels");
        }
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    public List<LayerWeights> layers() {
        return layers;
    }

    public Activation activation() {
        return activation;
    }

    public long examplesSeen() {
        return examplesSeen;
    }

    public double clip() {
        return clip;
    }

    public long[] count() {
        return count.clone();
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] m2() {
        return m2.clone();
    }

    /** Smallest value seen per feature (0 for a feature never seen). */
    public double[] min() {
        return min.clone();
    }

    /** Largest value seen per feature (0 for a feature never seen). */
    public double[] max() {
        return max.clone();
    }

    /** How each input is scaled before the first layer, as plain arithmetic. */
    public InputScale inputScale() {
        return scaler.terms();
    }

    /** Index of a feature in the input order, or -1. */
    public int featureIndex(String name) {
        return featureIndex.getOrDefault(name, -1);
    }

    /**
     * Scores named features, encoded as the network was trained; unknown names are ignored, absent features count as
     * their mean.
     */
    public ClassPrediction predict(FeatureVector features) {
        features = encoder.encode(features);
        double[] raw = new double[featureNames.size()];
        boolean[] present = new boolean[raw.length];
        String[] names = features.names();
        double[] values = features.values();
        int[] index = inputIndex(names);
        for (int i = 0; i < names.length; i++) {
            int j = index[i];
            if (j >= 0) {
                raw[j] = values[i];
                present[j] = true;
            }
        }
        return predictRaw(raw, present);
    }

    private record NamesIndex(String[] names, int[] index) {}

    /** The last names array scored and where its features go: encoded vectors share one names array. */
    private volatile NamesIndex lastIndex;

    private int[] inputIndex(String[] names) {
        NamesIndex last = lastIndex;
        if (last == null || last.names() != names) {
            int[] index = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                index[i] = featureIndex(names[i]);
            }
            last = new NamesIndex(names, index);
            lastIndex = last;
        }
        return last.index();
    }

    /** Scores raw values by input index; {@code present[j]} false means unknown. */
    public ClassPrediction predictRaw(double[] raw, boolean[] present) {
        if (labelNames.isEmpty()) {
            return ClassPrediction.none();
        }
        double[] input = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            input[j] = present[j] ? scaler.standardise(j, raw[j]) : 0;
        }
        boolean sparse = !encoder.encoding().isNone();
        if (linear != null) { // scored as the learner scores it: on Tribuo's linear parameters
            double[] scores = new double[labelNames.size()];
            TribuoLinear.scores(linear, input, input.length, sparse, scores);
            NetworkMath.softmax(scores, scores.length);
            return new ClassPrediction(labelNames.get(NetworkMath.argmax(scores, scores.length)), labelNames, scores);
        }
        for (int l = 0; l < layers.size(); l++) {
            LayerWeights layer = layers.get(l);
            double[] out = new double[layer.outputs()];
            if (l == 0 && sparse) {
                NetworkMath.affineSparse(layer.weights(), layer.outputs(), layer.inputs(), input, out,
                        new int[layer.inputs()]);
            } else {
                NetworkMath.affine(layer.weights(), layer.outputs(), layer.inputs(), input, out);
            }
            if (l < layers.size() - 1) {
                NetworkMath.activate(activation, out, out.length);
            }
            input = out;
        }
        NetworkMath.softmax(input, input.length);
        return new ClassPrediction(labelNames.get(NetworkMath.argmax(input, input.length)), labelNames, input);
    }

    /** SHA-256 over names, statistics and weights: ties a training state to the exact model it continues. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (!encoder.encoding().isNone()) { // models from before encodings keep their fingerprints
                Map<String, String> described = new LinkedHashMap<>(encoder.encoding().asMap());
                if (encoder.encoding().crossScale() == InputEncoding.CrossScale.RAW) {
                    described.remove(InputEncoding.CROSS_SCALE); // written before the key existed: theirs is as then
                }
                digest.update(described.toString().getBytes(StandardCharsets.UTF_8));
            }
            featureNames.forEach(n -> digest.update((n + "\u0000").getBytes(StandardCharsets.UTF_8)));
            digest.update((byte) 1);
            labelNames.forEach(n -> digest.update((n + "\u0000").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(8);
            for (int j = 0; j < count.length; j++) {
                digest.update(buffer.clear().putLong(count[j]).array());
                digest.update(buffer.clear().putDouble(mean[j]).array());
                digest.update(buffer.clear().putDouble(m2[j]).array());
            }
            for (LayerWeights layer : layers) {
                for (double w : layer.weights()) {
                    digest.update(buffer.clear().putDouble(w).array());
                }
            }
            digest.update(buffer.clear().putLong(examplesSeen).array());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

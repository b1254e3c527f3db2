package dev.freshet.learn.network;

import dev.freshet.learn.LearnerSettings;
import java.util.Arrays;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SGDVector;

/**
 * The forward and backward passes of a {@link TrainableNetwork} over its layers, with the buffers they reuse from
 * one example to the next: the input is written into {@link #input()}, {@link #forward()} scores it and
 * {@link #backward} takes one optimiser step. Grows with the layers ({@link #allocate()}). Not thread-safe.
 */
final class NetworkPass {

    private final Layer[] layers;
    private final Activation activation;
    private final Optimizer optimizer;
    private final double l2;
    private final double learningRate;
    /** The loss: Tribuo's multinomial logistic objective, on the last layer's scores. */
    private final LogMulticlass objective = new LogMulticlass();
    /** The last layer's scores before the softmax, kept for the loss. */
    private double[] logits = new double[0];
    /** activations[0] is the standardised input; activations[l + 1] the output of layer l. */
    private double[][] activations;
    /** deltas[l]: gradient of the loss with respect to layer l's pre-activation output. */
    private double[][] deltas;
    /** One layer's gradients, reused. */
    private double[] gradient = new double[0];
    /**
     * Inputs of about this squared norm get the full learning rate; larger ones a proportionally smaller step. Most
     * tabular streams (standardised features, a few one-hot slots) stay below it and are unaffected.
     */
    static final double REFERENCE_SQUARED_NORM = 16;
    /** Linear, plain SGD, no L2: only inputs that are not 0 move their weights (see {@link #updateLinearSparse}). */
    private final boolean sparseSgd;
    /** Encoded inputs, mostly 0: the first layer sums only those that are not (see NetworkMath#affineSparse). */
    private final boolean sparseInputs;
    private int[] nonZero = new int[0];
    /** How many of the inputs the last sparse forward pass met were not 0: the first entries of nonZero. */
    private int nonZeroCount;

    NetworkPass(LearnerSettings settings, Layer[] layers, Optimizer optimizer) {
        this.layers = layers;
        this.activation = settings.activation();
        this.optimizer = optimizer;
        this.l2 = settings.l2();
        this.learningRate = settings.learningRate();
        this.sparseSgd = settings.hiddenSizes().length == 0 && settings.optimizer() == OptimizerKind.SGD
                && settings.l2() == 0;
        this.sparseInputs = !settings.encoding().isNone();
        allocate();
    }

    /** The standardised input of the example at hand, to be written before {@link #forward()}. */
    double[] input() {
        return activations[0];
    }

    /** The last layer's probabilities after {@link #forward()}. */
    double[] output() {
        return activations[layers.length];
    }

    /** Scores the input in {@link #input()}: every layer's output, the last one softmax probabilities. */
    void forward() {
        int last = layers.length - 1;
        for (int l = 0; l <= last; l++) {
            Layer layer = layers[l];
            if (l == 0 && sparseInputs) {
                if (nonZero.length < layer.inputs) {
                    nonZero = new int[layer.inputs];
                }
                nonZeroCount = NetworkMath.affineSparse(layer.weights, layer.outputs, layer.inputs, activations[0],
                        activations[1], nonZero);
            } else {
                NetworkMath.affine(layer.weights, layer.outputs, layer.inputs, activations[l], activations[l + 1]);
            }
            if (l < last) {
                NetworkMath.activate(activation, activations[l + 1], layer.outputs);
            }
        }
        int k = layers[last].outputs;
        System.arraycopy(activations[last + 1], 0, logits, 0, k);
        NetworkMath.softmax(activations[last + 1], k);
    }

    /** After {@link #forward()}: one optimiser step on every weight for the log loss of label {@code y}. */
    void backward(int y) {
        int last = layers.length - 1;
        double[] delta = deltas[last];
        int k = layers[last].outputs;
        // Tribuo's log loss: it returns the descent direction (one-hot minus softmax) of the scores it is given.
        SGDVector descent = objective.lossAndGradient(y, DenseVector.createDenseVector(logits))
                .getB();
        for (int i = 0; i < k; i++) {
            delta[i] = -descent.get(i);
        }
        optimizer.beginStep();
        if (last == 0 && sparseSgd) {
            updateLinearSparse(delta, k);
            return;
        }
        for (int l = last; l >= 0; l--) {
            Layer layer = layers[l];
            double[] in = activations[l];
            double[] d = deltas[l];
            double[] back = l > 0 ? deltas[l - 1] : null;
            int inputs = layer.inputs;
            int stride = inputs + 1;
            if (back != null) {
                Arrays.fill(back, 0, inputs, 0);
            }
            double[] w = layer.weights;
            if (gradient.length < w.length) {
                gradient = new double[w.length];
            }
            double[] g = gradient;
            for (int r = 0; r < layer.outputs; r++) {
                double dr = d[r];
                int base = r * stride;
                if (back != null) {
                    for (int c = 0; c < inputs; c++) {
                        back[c] += w[base + c] * dr; // with the weight before this step
                    }
                }
                for (int c = 0; c < inputs; c++) {
                    g[base + c] = dr * in[c] + l2 * w[base + c];
                }
                g[base + inputs] = dr;
            }
            // One pass over the whole layer, gradient and weights at the same index: vectorisable.
            optimizer.updateAll(layer, g, stepScale(in, inputs));
            if (back != null) {
                for (int c = 0; c < inputs; c++) {
                    back[c] *= activation.derivativeFromOutput(in[c]);
                }
            }
        }
    }

    /**
     * Plain SGD without L2 on a linear network: a weight whose input is 0 gets a gradient of 0 and does not move,
     * so only the inputs that are not 0 are updated — one-hot slots and crosses are mostly 0. The same arithmetic
     * as the dense pass, weight for weight.
     */
    private void updateLinearSparse(double[] delta, int outputs) {
        Layer layer = layers[0];
        double[] in = activations[0];
        int inputs = layer.inputs;
        int n;
        if (sparseInputs) { // the forward pass just before gathered them
            n = nonZeroCount;
        } else {
            if (nonZero.length < inputs) {
                nonZero = new int[inputs];
            }
            n = 0;
            for (int c = 0; c < inputs; c++) {
                nonZero[n] = c;
                n += in[c] != 0 ? 1 : 0;
            }
        }
        double squares = 1;
        for (int i = 0; i < n; i++) {
            double x = in[nonZero[i]];
            squares += x * x;
        }
        double rate = learningRate * scaleFor(squares);
        double[] w = layer.weights;
        int stride = inputs + 1;
        boolean dense = 2 * n > inputs; // mostly not 0 (pixels, standardised features): one vectorisable pass
        for (int r = 0; r < outputs; r++) {
            double dr = delta[r];
            int base = r * stride;
            if (dense) {
                for (int c = 0; c < inputs; c++) {
                    w[base + c] -= rate * (dr * in[c]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int c = nonZero[i];
                    w[base + c] -= rate * (dr * in[c]);
                }
            }
            w[base + inputs] -= rate * dr;
        }
    }

    /**
     * A step's scale for a layer whose input (bias included) has this squared norm: 1 up to
     * {@link #REFERENCE_SQUARED_NORM}, shrinking as {@code REFERENCE_SQUARED_NORM / squares} beyond. One step then
     * moves an output by at most about {@code learningRate x REFERENCE_SQUARED_NORM x gradient}, however many inputs
     * there are (normalised least mean squares): a rate that suits 10 features does not overshoot on 784.
     */
    static double stepScale(double[] in, int inputs) {
        double squares = 1;
        for (int c = 0; c < inputs; c++) {
            squares += in[c] * in[c];
        }
        return scaleFor(squares);
    }

    static double scaleFor(double squares) {
        return squares > REFERENCE_SQUARED_NORM ? REFERENCE_SQUARED_NORM / squares : 1;
    }

    /** Sizes the buffers to the layers, keeping those whose size did not change (the input among them). */
    void allocate() {
        if (activations == null) {
            activations = new double[layers.length + 1][];
            deltas = new double[layers.length][];
        }
        activations[0] = resized(activations[0], layers[0].inputs);
        logits = resized(logits, layers[layers.length - 1].outputs);
        for (int l = 0; l < layers.length; l++) {
            activations[l + 1] = resized(activations[l + 1], layers[l].outputs);
            deltas[l] = resized(deltas[l], layers[l].outputs);
        }
    }

    private static double[] resized(double[] array, int size) {
        return array != null && array.length == size ? array : new double[size];
    }
}

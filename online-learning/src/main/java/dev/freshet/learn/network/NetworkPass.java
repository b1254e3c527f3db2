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
    private final LearnerSettings settings;
    /** No hidden layer: the weights live in {@link #tribuo} while learning, in the layer at rest. */
    private final boolean linear;
    /** The linear model on Tribuo's parts, made from the layer when first needed after it changed shape. */
    private TribuoLinear tribuo;
    /** Encoded inputs, mostly 0: the first layer sums only those that are not (see NetworkMath#affineSparse). */
    private final boolean sparseInputs;
    private int[] nonZero = new int[0];

    NetworkPass(LearnerSettings settings, Layer[] layers, Optimizer optimizer) {
        this.settings = settings;
        this.layers = layers;
        this.activation = settings.activation();
        this.optimizer = optimizer;
        this.l2 = settings.l2();
        this.linear = layers.length == 1;
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
        if (linear) {
            tribuo().scores(activations[0], activations[1]);
            finishForward(last);
            return;
        }
        for (int l = 0; l <= last; l++) {
            Layer layer = layers[l];
            if (l == 0 && sparseInputs) {
                if (nonZero.length < layer.inputs) {
                    nonZero = new int[layer.inputs];
                }
                NetworkMath.affineSparse(layer.weights, layer.outputs, layer.inputs, activations[0],
                        activations[1], nonZero);
            } else {
                NetworkMath.affine(layer.weights, layer.outputs, layer.inputs, activations[l], activations[l + 1]);
            }
            if (l < last) {
                NetworkMath.activate(activation, activations[l + 1], layer.outputs);
            }
        }
        finishForward(last);
    }

    private void finishForward(int last) {
        int k = layers[last].outputs;
        System.arraycopy(activations[last + 1], 0, logits, 0, k);
        NetworkMath.softmax(activations[last + 1], k);
    }

    private TribuoLinear tribuo() {
        if (tribuo == null) {
            tribuo = new TribuoLinear(settings, layers[0], optimizer.step(), sparseInputs);
        }
        return tribuo;
    }

    /** Writes the weights and moments learned since the layer was last written into it (snapshots, growth). */
    void writeBack() {
        if (tribuo != null) {
            tribuo.writeTo(layers[0]);
        }
    }

    /** After {@link #forward()}: one optimiser step on every weight for the log loss of label {@code y}. */
    void backward(int y) {
        int last = layers.length - 1;
        if (linear) {
            optimizer.beginStep();
            tribuo().learn(activations[0], y, stepScale(activations[0], layers[0].inputs));
            return;
        }
        double[] delta = deltas[last];
        int k = layers[last].outputs;
        // Tribuo's log loss: it returns the descent direction (one-hot minus softmax) of the scores it is given.
        SGDVector descent = objective.lossAndGradient(y, DenseVector.createDenseVector(logits))
                .getB();
        for (int i = 0; i < k; i++) {
            delta[i] = -descent.get(i);
        }
        optimizer.beginStep();
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
        return squares > REFERENCE_SQUARED_NORM ? REFERENCE_SQUARED_NORM / squares : 1;
    }

    /** Sizes the buffers to the layers, keeping those whose size did not change (the input among them). */
    void allocate() {
        tribuo = null; // the layer changed shape (written back before it grew): made again from it
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

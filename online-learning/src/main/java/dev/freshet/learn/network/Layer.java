package dev.freshet.learn.network;

import java.util.Arrays;

/**
 * A dense layer of {@code outputs x (inputs + 1)} weights, row-major, the bias last in each row, with the
 * optimiser's per-weight moments beside it. Grows in place when inputs or outputs are added; existing
 * weights and moments keep their values.
 */
final class Layer {

    /** Value for a weight created by growth. */
    @FunctionalInterface
    interface Init {
        double value(int row, int column);
    }

    int outputs;
    int inputs;
    double[] weights;
    double[] firstMoments;
    double[] secondMoments;

    Layer(int outputs, int inputs, Init init) {
        this.outputs = outputs;
        this.inputs = inputs;
        this.weights = new double[outputs * (inputs + 1)];
        this.firstMoments = new double[weights.length];
        this.secondMoments = new double[weights.length];
        for (int r = 0; r < outputs; r++) {
            for (int c = 0; c < inputs; c++) {
                weights[r * (inputs + 1) + c] = init.value(r, c);
            }
        }
    }

    Layer(int outputs, int inputs, double[] weights, double[] firstMoments, double[] secondMoments) {
        if (weights.length != outputs * (inputs + 1)) {
            throw new IllegalArgumentException("layer of " + outputs + "x" + inputs + " needs "
                    + outputs * (inputs + 1) + " weights, got " + weights.length);
        }
        this.outputs = outputs;
        this.inputs = inputs;
        this.weights = weights;
        this.firstMoments = firstMoments;
        this.secondMoments = secondMoments;
    }

    int stride() {
        return inputs + 1;
    }

    /** Adds input columns before the bias column; new weights come from {@code init}, new moments are 0. */
    void growInputs(int newInputs, Init init) {
        if (newInputs <= inputs) {
            return;
        }
        int oldStride = inputs + 1;
        int newStride = newInputs + 1;
        double[] w = new double[outputs * newStride];
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int r = 0; r < outputs; r++) {
            System.arraycopy(weights, r * oldStride, w, r * newStride, inputs);
            System.arraycopy(firstMoments, r * oldStride, m, r * newStride, inputs);
            System.arraycopy(secondMoments, r * oldStride, v, r * newStride, inputs);
            w[r * newStride + newInputs] = weights[r * oldStride + inputs];
            m[r * newStride + newInputs] = firstMoments[r * oldStride + inputs];
            v[r * newStride + newInputs] = secondMoments[r * oldStride + inputs];
            for (int c = inputs; c < newInputs; c++) {
                w[r * newStride + c] = init.value(r, c);
            }
        }
        weights = w;
        firstMoments = m;
        secondMoments = v;
        inputs = newInputs;
    }

    /** Adds output rows; their weights and bias come from {@code init} (column {@code inputs} is the bias). */
    void growOutputs(int newOutputs, Init init) {
        if (newOutputs <= outputs) {
            return;
        }
        int stride = inputs + 1;
        weights = Arrays.copyOf(weights, newOutputs * stride);
        firstMoments = Arrays.copyOf(firstMoments, weights.length);
        secondMoments = Arrays.copyOf(secondMoments, weights.length);
        for (int r = outputs; r < newOutputs; r++) {
            for (int c = 0; c <= inputs; c++) {
                weights[r * stride + c] = init.value(r, c);
            }
        }
        outputs = newOutputs;
    }
}

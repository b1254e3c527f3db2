package dev.freshet.learn.network;

import dev.freshet.learn.LearnerSettings;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.la.SparseVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.optimisers.SGD;

/**
 * The linear learner's weights and steps on Tribuo's SGD parts: {@link LinearParameters} (one row per label, one
 * column per input and the bias last, as Tribuo's linear models keep them), {@link LogMulticlass}'s gradient and a
 * {@link StochasticGradientOptimiser} — Tribuo's constant-rate SGD, or {@link CorrectedAdam} and
 * {@link RestorableAdaGrad}, whose state is saved with the training state (Tribuo's own optimisers keep theirs
 * private). A same-run benchmark (TribuoPartsBenchmark) found these parts as fast as Freshet's own for a linear model;
 * the network's hidden layers stay Freshet's (there Tribuo's parts cost 2.5-3.7x). The {@link Layer} it is made from
 * stays the form at rest: weights and moments are written back to it for snapshots and growth.
 */
final class TribuoLinear {

    private final LinearParameters parameters;
    private final DenseMatrix weights;
    private final StochasticGradientOptimiser optimiser;
    private final LogMulticlass objective = new LogMulticlass();
    private final double l2;
    /** Inputs mostly 0 (encoded): scored as a sparse vector, the same sums as dense (a term of 0 adds nothing). */
    private final boolean sparse;
    /** Learned as a sparse vector too: only the weights of inputs that are not 0 move. */
    private final boolean learnSparse;
    private final int inputs;
    private final int outputs;
    /** The input and scores of the last {@link #scores} call, until the next {@link #learn}. */
    private SGDVector lastInput;
    private DenseVector lastScores;

    /** From {@code layer}'s weights and moments, after {@code steps} optimiser steps. */
    TribuoLinear(LearnerSettings settings, Layer layer, long steps, boolean sparse) {
        OptimizerKind kind = settings.optimizer();
        this.l2 = settings.l2();
        this.sparse = sparse;
        // Adam moves every weight by its moments, and the penalty every weight by its size: a dense gradient.
        this.learnSparse = sparse && l2 == 0 && kind != OptimizerKind.ADAM;
        this.inputs = layer.inputs;
        this.outputs = layer.outputs;
        this.weights = matrix(layer.weights, outputs, inputs + 1);
        this.parameters = new LinearParameters(weights); // keeps the matrix: updates land in weights
        this.optimiser = switch (kind) {
            case SGD -> SGD.getSimpleSGD(settings.learningRate());
            case ADAM -> new CorrectedAdam(settings.learningRate());
            case ADAGRAD -> new RestorableAdaGrad(settings.learningRate());
        };
        optimiser.initialise(parameters);
        if (optimiser instanceof CorrectedAdam adam) {
            adam.restore(matrix(layer.firstMoments, outputs, inputs + 1),
                    matrix(layer.secondMoments, outputs, inputs + 1), steps);
        } else if (optimiser instanceof RestorableAdaGrad adaGrad) {
            adaGrad.restore(matrix(layer.secondMoments, outputs, inputs + 1));
        }
    }

    /**
     * Tribuo's form of a standardised input: its first {@code inputs} values and a bias of 1, as a sparse vector of
     * the values that are not 0 when {@code sparse} (encoded inputs, mostly 0).
     */
    static SGDVector input(double[] values, int inputs, boolean sparse) {
        if (!sparse) {
            double[] withBias = java.util.Arrays.copyOf(values, inputs + 1);
            withBias[inputs] = 1;
            return DenseVector.createDenseVector(withBias);
        }
        int n = 0;
        for (int c = 0; c < inputs; c++) {
            n += values[c] != 0 ? 1 : 0;
        }
        int[] indices = new int[n + 1];
        double[] present = new double[n + 1];
        int i = 0;
        for (int c = 0; c < inputs; c++) {
            if (values[c] != 0) {
                indices[i] = c;
                present[i++] = values[c];
            }
        }
        indices[n] = inputs;
        present[n] = 1;
        return SparseVector.createSparseVector(inputs + 1, indices, present);
    }

    /** The scores (before the softmax) of a linear model's weights for an input: what learner and model share. */
    static void scores(LinearParameters parameters, double[] values, int inputs, boolean sparse, double[] out) {
        DenseVector scores = parameters.predict(input(values, inputs, sparse));
        for (int r = 0; r < scores.size(); r++) {
            out[r] = scores.get(r);
        }
    }

    /** Tribuo's linear parameters over a layer's weights (one row per output, the bias last), copied. */
    static LinearParameters parameters(double[] weights, int outputs, int inputs) {
        return new LinearParameters(matrix(weights, outputs, inputs + 1));
    }

    /** Scores {@code values} into {@code out}; a {@link #learn} on the same values right after reuses the work. */
    void scores(double[] values, double[] out) {
        lastInput = input(values, inputs, sparse);
        lastScores = parameters.predict(lastInput);
        for (int r = 0; r < outputs; r++) {
            out[r] = lastScores.get(r);
        }
    }

    /**
     * One step for label {@code y} on {@code values}, the step scaled by {@code scale}. Called right after
     * {@link #scores} of the same values (as a network's backward pass follows its forward pass).
     */
    void learn(double[] values, int y, double scale) {
        SGDVector x = lastInput != null && learnSparse == sparse ? lastInput : input(values, inputs, learnSparse);
        DenseVector scores = lastInput != null ? lastScores : parameters.predict(x);
        lastInput = null; // the weights move: scores from before no longer hold
        lastScores = null;
        Tensor[] gradient = parameters.gradients(objective.lossAndGradient(y, scores), x);
        if (l2 > 0) {
            DenseMatrix g = (DenseMatrix) gradient[0];
            for (int r = 0; r < outputs; r++) {
                for (int c = 0; c < inputs; c++) { // not the bias
                    g.set(r, c, g.get(r, c) - l2 * weights.get(r, c));
                }
            }
        }
        parameters.update(optimiser.step(gradient, scale));
    }

    /** Writes the weights and the optimiser's moments back into {@code layer}, of this one's shape. */
    void writeTo(Layer layer) {
        flatten(weights, layer.weights);
        if (optimiser instanceof CorrectedAdam adam) {
            flatten((DenseMatrix) adam.firstMoments()[0], layer.firstMoments);
            flatten((DenseMatrix) adam.secondMoments()[0], layer.secondMoments);
        } else if (optimiser instanceof RestorableAdaGrad adaGrad) {
            flatten((DenseMatrix) adaGrad.accumulators()[0], layer.secondMoments);
        }
    }

    private static DenseMatrix matrix(double[] flat, int rows, int columns) {
        double[][] values = new double[rows][];
        for (int r = 0; r < rows; r++) {
            values[r] = java.util.Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
        }
        return DenseMatrix.createDenseMatrix(values);
    }

    private static void flatten(DenseMatrix matrix, double[] into) {
        int columns = matrix.getDimension2Size();
        for (int r = 0; r < matrix.getDimension1Size(); r++) {
            for (int c = 0; c < columns; c++) {
                into[r * columns + c] = matrix.get(r, c);
            }
        }
    }
}

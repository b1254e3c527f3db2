package dev.freshet.learn.bench;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.SplittableRandom;
import org.tribuo.math.FeedForwardParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SGDVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.protos.ParametersProto;

/**
 * A one-hidden-layer tanh network as Tribuo's {@link FeedForwardParameters}, built only to measure what learning on
 * Tribuo's parameter types costs beside Freshet's own layers ({@link TribuoPartsBenchmark}). Inputs carry their
 * bias as the last entry, as Tribuo's SGD trainers append it; the hidden layer gets one appended too.
 */
final class TribuoMlpParameters implements FeedForwardParameters {

    private final DenseMatrix hidden;
    private final DenseMatrix output;

    TribuoMlpParameters(int inputsWithBias, int units, int labels, long seed) {
        hidden = new DenseMatrix(units, inputsWithBias);
        output = new DenseMatrix(labels, units + 1);
        SplittableRandom random = new SplittableRandom(seed);
        double scale = Math.sqrt(6.0 / (inputsWithBias + units));
        for (int r = 0; r < units; r++) {
            for (int c = 0; c < inputsWithBias - 1; c++) {
                hidden.set(r, c, (random.nextDouble() * 2 - 1) * scale);
            }
        }
    }

    private TribuoMlpParameters(DenseMatrix hidden, DenseMatrix output) {
        this.hidden = hidden;
        this.output = output;
    }

    private DenseVector hiddenActivations(SGDVector input) {
        DenseVector z = hidden.leftMultiply(input);
        DenseVector a = new DenseVector(z.size() + 1);
        for (int i = 0; i < z.size(); i++) {
            a.set(i, Math.tanh(z.get(i)));
        }
        a.set(z.size(), 1);
        return a;
    }

    @Override
    public DenseVector predict(SGDVector input) {
        return output.leftMultiply(hiddenActivations(input));
    }

    @Override
    public Tensor[] gradients(Pair<Double, SGDVector> score, SGDVector input) {
        DenseVector a = hiddenActivations(input); // Tribuo passes the output gradient only: the forward pass again
        SGDVector outputGradient = score.getB();
        Tensor outputStep = outputGradient.outer(a);
        DenseVector back = output.rightMultiply(outputGradient);
        DenseVector delta = new DenseVector(a.size() - 1);
        for (int i = 0; i < delta.size(); i++) {
            double ai = a.get(i);
            delta.set(i, back.get(i) * (1 - ai * ai));
        }
        return new Tensor[] {delta.outer(input), outputStep};
    }

    @Override
    public Tensor[] getEmptyCopy() {
        return new Tensor[] {new DenseMatrix(hidden.getDimension1Size(), hidden.getDimension2Size()),
                new DenseMatrix(output.getDimension1Size(), output.getDimension2Size())};
    }

    @Override
    public Tensor[] get() {
        return new Tensor[] {hidden, output};
    }

    @Override
    public void set(Tensor[] values) {
        throw new UnsupportedOperationException("a benchmark's parameters");
    }

    @Override
    public void update(Tensor[] steps) {
        hidden.intersectAndAddInPlace(steps[0]);
        output.intersectAndAddInPlace(steps[1]);
    }

    @Override
    public Tensor[] merge(Tensor[][] gradients, int size) {
        Tensor[] sum = getEmptyCopy();
        for (Tensor[] g : gradients) {
            for (int i = 0; i < sum.length; i++) {
                sum[i].intersectAndAddInPlace(g[i]);
            }
        }
        return sum;
    }

    @Override
    public TribuoMlpParameters copy() {
        return new TribuoMlpParameters(new DenseMatrix(hidden), new DenseMatrix(output));
    }

    @Override
    public ParametersProto serialize() {
        throw new UnsupportedOperationException("a benchmark's parameters");
    }
}

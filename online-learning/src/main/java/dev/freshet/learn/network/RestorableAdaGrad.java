package dev.freshet.learn.network;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import java.util.function.DoubleUnaryOperator;
import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.Tensor;

/**
 * AdaGrad (Duchi, Hazan and Singer, 2011) as a Tribuo {@link StochasticGradientOptimiser} whose accumulated squared
 * gradients can be read and restored: a trainer that saves them with its state goes on after a restart with the
 * step sizes it had (Tribuo's own {@code AdaGrad} keeps them private). The step is
 * {@code rate x g / (sqrt(sum of g^2) + epsilon)}, g Tribuo's descent direction.
 */
public final class RestorableAdaGrad implements StochasticGradientOptimiser {

    @Config(description = "Learning rate to scale the gradients by.")
    private double learningRate = 0.01;

    @Config(description = "Added to the square root of the accumulated squares, for numerical stability.")
    private double epsilon = Optimizer.EPSILON;

    private Tensor[] squares;

    /** For OLCUT's configuration system. */
    @SuppressWarnings("unused")
    private RestorableAdaGrad() {}

    public RestorableAdaGrad(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("AdaGrad needs a positive rate, not " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public void initialise(Parameters parameters) {
        Tensor[] empty = parameters.getEmptyCopy();
        if (squares == null || !TensorState.sameShapes(squares, empty)) {
            squares = empty; // kept when training goes on with parameters of the same shapes
        }
    }

    @Override
    public Tensor[] step(Tensor[] updates, double weight) {
        double rate = learningRate * weight;
        DoubleUnaryOperator square = g -> g * g;
        DoubleUnaryOperator inverseRoot = s -> rate / (Math.sqrt(s) + epsilon);
        for (int i = 0; i < updates.length; i++) {
            squares[i].intersectAndAddInPlace(updates[i], square);
            updates[i].hadamardProductInPlace(squares[i], inverseRoot);
        }
        return updates;
    }

    /** The accumulated squares, one tensor per parameter tensor (live: not to be changed); null before initialise. */
    public Tensor[] accumulators() {
        return squares;
    }

    /** Continues from saved accumulators of one parameter tensor (copied), after {@link #initialise}. */
    public void restore(Tensor accumulated) {
        if (squares == null || !TensorState.sameShapes(squares, new Tensor[] {accumulated})) {
            throw new IllegalArgumentException("saved AdaGrad state does not fit the parameters");
        }
        squares[0] = accumulated.copy();
    }

    @Override
    public void reset() {
        squares = null;
    }

    @Override
    public RestorableAdaGrad copy() {
        RestorableAdaGrad copy = new RestorableAdaGrad(learningRate);
        copy.epsilon = epsilon;
        if (squares != null) {
            copy.squares = TensorState.copies(squares);
        }
        return copy;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser");
    }

    @Override
    public String toString() {
        return "RestorableAdaGrad(learningRate=" + learningRate + ",epsilon=" + epsilon + ")";
    }
}

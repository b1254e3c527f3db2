package dev.freshet.learn.network;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import java.util.function.DoubleUnaryOperator;
import org.tribuo.math.Parameters;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.Tensor;

/**
 * Adam (Kingma and Ba, 2014) as a Tribuo {@link StochasticGradientOptimiser}, for Tribuo's SGD trainers and any
 * {@link Parameters}. Two corrections of Tribuo 4.3.2's {@code org.tribuo.math.optimisers.Adam}:
 * <ul>
 *   <li>the first moment is divided by {@code sqrt(v) + epsilon}; 4.3.2 multiplies by it, so its steps scale with
 *   the square of the gradient instead of being about the learning rate;</li>
 *   <li>{@link #initialise} keeps the moments and step count when the parameters' shapes have not changed, and
 *   {@link #copy} copies them: training continued on more data goes on with the same state instead of restarting
 *   Adam's bias correction.</li>
 * </ul>
 * Like Tribuo's optimisers, {@link #step} receives the descent direction (Tribuo's objectives return one-hot minus
 * softmax) and returns what is added to the parameters. Freshet's own learners use the same rule in fused loops over
 * their layers (see {@code Optimizer}); this class is the rule on Tribuo's tensors.
 */
public final class CorrectedAdam implements StochasticGradientOptimiser {

    @Config(description = "Learning rate to scale the gradients by.")
    private double learningRate = 0.001;

    @Config(description = "Decay of the first moment.")
    private double betaOne = 0.9;

    @Config(description = "Decay of the second moment.")
    private double betaTwo = 0.999;

    @Config(description = "Added to the square root of the second moment, for numerical stability.")
    private double epsilon = 1e-8;

    private long iterations;
    private Tensor[] firstMoment;
    private Tensor[] secondMoment;

    /** For OLCUT's configuration system. */
    @SuppressWarnings("unused")
    private CorrectedAdam() {}

    public CorrectedAdam(double learningRate, double betaOne, double betaTwo, double epsilon) {
        if (!(learningRate > 0) || !(betaOne >= 0 && betaOne < 1) || !(betaTwo >= 0 && betaTwo < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs a positive rate and epsilon and betas in [0, 1), not "
                    + learningRate + ", " + betaOne + ", " + betaTwo + ", " + epsilon);
        }
        this.learningRate = learningRate;
        this.betaOne = betaOne;
        this.betaTwo = betaTwo;
        this.epsilon = epsilon;
    }

    /** The paper's betas and epsilon (0.9, 0.999, 1e-8), as Freshet's learners use them. */
    public CorrectedAdam(double learningRate) {
        this(learningRate, Optimizer.BETA1, Optimizer.BETA2, Optimizer.EPSILON);
    }

    @Override
    public void initialise(Parameters parameters) {
        Tensor[] empty = parameters.getEmptyCopy();
        if (firstMoment != null && TensorState.sameShapes(firstMoment, empty)) {
            return; // training goes on: the moments and the bias correction carry over
        }
        firstMoment = empty;
        secondMoment = parameters.getEmptyCopy();
        iterations = 0;
    }

    @Override
    public Tensor[] step(Tensor[] updates, double weight) {
        iterations++;
        double rate = learningRate * weight * Math.sqrt(1 - Math.pow(betaTwo, iterations))
                / (1 - Math.pow(betaOne, iterations));
        DoubleUnaryOperator firstShare = g -> g * (1 - betaOne);
        DoubleUnaryOperator secondShare = g -> g * g * (1 - betaTwo);
        DoubleUnaryOperator scale = m -> m * rate;
        DoubleUnaryOperator inverseRoot = v -> 1 / (Math.sqrt(v) + epsilon);
        for (int i = 0; i < updates.length; i++) {
            firstMoment[i].scaleInPlace(betaOne);
            firstMoment[i].intersectAndAddInPlace(updates[i], firstShare);
            secondMoment[i].scaleInPlace(betaTwo);
            secondMoment[i].intersectAndAddInPlace(updates[i], secondShare);
            updates[i].scaleInPlace(0); // keeps a sparse update's sparsity: only its entries move
            updates[i].intersectAndAddInPlace(firstMoment[i], scale);
            updates[i].hadamardProductInPlace(secondMoment[i], inverseRoot);
        }
        return updates;
    }

    /** Steps taken since the moments were created. */
    public long iterations() {
        return iterations;
    }

    /** The first moments, one tensor per parameter tensor (live: not to be changed); null before initialise. */
    public Tensor[] firstMoments() {
        return firstMoment;
    }

    /** The second moments, as {@link #firstMoments()}. */
    public Tensor[] secondMoments() {
        return secondMoment;
    }

    /**
     * Continues from saved state, after {@link #initialise}: the moments of one parameter tensor each (copied) and the
     * steps taken.
     */
    public void restore(Tensor first, Tensor second, long steps) {
        if (firstMoment == null || !TensorState.sameShapes(firstMoment, new Tensor[] {first})
                || !TensorState.sameShapes(secondMoment, new Tensor[] {second}) || steps < 0) {
            throw new IllegalArgumentException("saved Adam state does not fit the parameters");
        }
        firstMoment[0] = first.copy();
        secondMoment[0] = second.copy();
        iterations = steps;
    }

    @Override
    public void reset() {
        firstMoment = null;
        secondMoment = null;
        iterations = 0;
    }

    @Override
    public CorrectedAdam copy() {
        CorrectedAdam copy = new CorrectedAdam(learningRate, betaOne, betaTwo, epsilon);
        if (firstMoment != null) {
            copy.firstMoment = TensorState.copies(firstMoment);
            copy.secondMoment = TensorState.copies(secondMoment);
            copy.iterations = iterations;
        }
        return copy;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "StochasticGradientOptimiser");
    }

    @Override
    public String toString() {
        return "CorrectedAdam(learningRate=" + learningRate + ",betaOne=" + betaOne + ",betaTwo=" + betaTwo
                + ",epsilon=" + epsilon + ")";
    }
}

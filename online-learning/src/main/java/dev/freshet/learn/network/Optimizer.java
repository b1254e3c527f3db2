package dev.freshet.learn.network;

/**
 * Applies one gradient step to one weight, keeping per-weight moments in the {@link Layer}. The step
 * counter lives here and is saved with the training state, so a restored learner takes the same steps.
 */
final class Optimizer {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final OptimizerKind kind;
    private final double learningRate;
    private long step;
    private double adamStep;

    Optimizer(OptimizerKind kind, double learningRate, long step) {
        this.kind = kind;
        this.learningRate = learningRate;
        this.step = step;
    }

    OptimizerKind kind() {
        return kind;
    }

    long step() {
        return step;
    }

    /** Called once per example, before its updates. */
    void beginStep() {
        step++;
        if (kind == OptimizerKind.ADAM) {
            // Bias correction folded into the step size.
            adamStep = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        }
    }

    void update(Layer layer, int i, double gradient) {
        switch (kind) {
            case SGD -> layer.weights[i] -= learningRate * gradient;
            case ADAGRAD -> {
                double g2 = layer.secondMoments[i] + gradient * gradient;
                layer.secondMoments[i] = g2;
                layer.weights[i] -= learningRate * gradient / (Math.sqrt(g2) + EPSILON);
            }
            case ADAM -> {
                double m = BETA1 * layer.firstMoments[i] + (1 - BETA1) * gradient;
                double v = BETA2 * layer.secondMoments[i] + (1 - BETA2) * gradient * gradient;
                layer.firstMoments[i] = m;
                layer.secondMoments[i] = v;
                layer.weights[i] -= adamStep * m / (Math.sqrt(v) + EPSILON);
            }
        }
    }
}

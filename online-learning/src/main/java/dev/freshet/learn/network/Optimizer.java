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

    /**
     * Updates every weight of {@code layer} with {@code gradients[i]}, the step times {@code scale}, in one tight loop
     * per rule.
     */
    void updateAll(Layer layer, double[] gradients, double scale) {
        double[] w = layer.weights;
        int n = w.length;
        switch (kind) {
            case SGD -> {
                double learningRate = this.learningRate * scale;
                for (int i = 0; i < n; i++) {
                    w[i] -= learningRate * gradients[i];
                }
            }
            case ADAGRAD -> {
                double[] acc = layer.secondMoments;
                double learningRate = this.learningRate * scale;
                for (int i = 0; i < n; i++) {
                    double g = gradients[i];
                    double g2 = acc[i] + g * g;
                    acc[i] = g2;
                    w[i] -= learningRate * g / (Math.sqrt(g2) + EPSILON);
                }
            }
            case ADAM -> {
                double[] m1 = layer.firstMoments;
                double[] m2 = layer.secondMoments;
                double step = adamStep * scale;
                for (int i = 0; i < n; i++) {
                    double g = gradients[i];
                    double m = BETA1 * m1[i] + (1 - BETA1) * g;
                    double v = BETA2 * m2[i] + (1 - BETA2) * g * g;
                    m1[i] = m;
                    m2[i] = v;
                    w[i] -= step * m / (Math.sqrt(v) + EPSILON);
                }
            }
        }
    }
}

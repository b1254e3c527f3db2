package dev.freshet.learn.network;

/** The forward pass, shared by the learner and the immutable models so both score identically. */
final class NetworkMath {

    private NetworkMath() {}

    /** {@code out = W in + b} for a row-major {@code outputs x (inputs + 1)} matrix, the bias last. */
    static void affine(double[] w, int outputs, int inputs, double[] in, double[] out) {
        int stride = inputs + 1;
        for (int r = 0; r < outputs; r++) {
            int base = r * stride;
            double sum = w[base + inputs];
            for (int c = 0; c < inputs; c++) {
                sum += w[base + c] * in[c];
            }
            out[r] = sum;
        }
    }

    static void activate(Activation activation, double[] values, int n) {
        for (int i = 0; i < n; i++) {
            values[i] = activation.apply(values[i]);
        }
    }

    /** Numerically stable softmax of the first {@code n} values, in place. */
    static void softmax(double[] z, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(z[i] - max);
            z[i] = e;
            sum += e;
        }
        for (int i = 0; i < n; i++) {
            z[i] /= sum;
        }
    }

    static int argmax(double[] values, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}

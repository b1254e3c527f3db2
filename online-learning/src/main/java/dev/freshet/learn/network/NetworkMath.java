package dev.freshet.learn.network;

/** The forward pass, shared by the learner and the immutable models so both score identically. */
final class NetworkMath {

    private NetworkMath() {}

    /**
     * {@link #affine} over the inputs that are not 0 only, their positions gathered into {@code nonZero} first:
     * encoded inputs are mostly 0 (one-hot slots, crosses). The same sums — a term of 0 adds nothing — so a learner
     * and a model that take either path score alike.
     *
     * @return how many inputs are not 0: their positions are the first entries of {@code nonZero}, in order
     */
    static int affineSparse(double[] w, int outputs, int inputs, double[] in, double[] out, int[] nonZero) {
        int n = 0;
        for (int c = 0; c < inputs; c++) {
            // Without a branch: which inputs are 0 changes from example to example, a branch mispredicted often.
            nonZero[n] = c;
            n += in[c] != 0 ? 1 : 0;
        }
        int stride = inputs + 1;
        for (int r = 0; r < outputs; r++) {
            int base = r * stride;
            double sum = w[base + inputs];
            for (int i = 0; i < n; i++) {
                int c = nonZero[i];
                sum += w[base + c] * in[c];
            }
            out[r] = sum;
        }
        return n;
    }

    /**
     * {@code out = W in + b} for a row-major {@code outputs x (inputs + 1)} matrix, the bias last. Four partial sums:
     * one running sum waits on each addition before the next (the JIT does not reorder floating-point sums), which
     * bounded learning on 784 pixels.
     */
    static void affine(double[] w, int outputs, int inputs, double[] in, double[] out) {
        int stride = inputs + 1;
        int quads = inputs & ~3;
        for (int r = 0; r < outputs; r++) {
            int base = r * stride;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int c = 0;
            for (; c < quads; c += 4) {
                s0 += w[base + c] * in[c];
                s1 += w[base + c + 1] * in[c + 1];
                s2 += w[base + c + 2] * in[c + 2];
                s3 += w[base + c + 3] * in[c + 3];
            }
            double sum = w[base + inputs] + ((s0 + s1) + (s2 + s3));
            for (; c < inputs; c++) {
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

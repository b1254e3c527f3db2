package dev.freshet.learn.network;

import java.util.Locale;

/** Hidden-layer activation functions, each with its derivative written in terms of the activation's output. */
public enum Activation {
    RELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0;
        }

        @Override
        public double derivativeFromOutput(double a) {
            return a > 0 ? 1 : 0;
        }
    },
    TANH {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivativeFromOutput(double a) {
            return 1 - a * a;
        }
    },
    SIGMOID {
        @Override
        public double apply(double z) {
            return 1 / (1 + Math.exp(-z));
        }

        @Override
        public double derivativeFromOutput(double a) {
            return a * (1 - a);
        }
    };

    public abstract double apply(double z);

    public abstract double derivativeFromOutput(double a);

    /** Parses {@code relu}, {@code tanh} or {@code sigmoid}, case-insensitively. */
    public static Activation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "': use relu, tanh or sigmoid", e);
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.freshet.learn.network;

import java.util.Locale;

/** Hidden-layer activation functions, each with its derivative written in terms of the activation's output. */
public enum Activation {
    RELU,
    TANH,
    SIGMOID;

    // A plain enum (no constant bodies): Tribuo's provenance reads it back by class.
    public double apply(double z) {
        return switch (this) {
            case RELU -> z > 0 ? z : 0;
            case TANH -> fastTanh(z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
        };
    }

    public double derivativeFromOutput(double a) {
        return switch (this) {
            case RELU -> a > 0 ? 1 : 0;
            case TANH -> 1 - a * a;
            case SIGMOID -> a * (1 - a);
        };
    }

    /** tanh through the exp intrinsic; Math.tanh is several times slower on the JDK's software path. */
    private static double fastTanh(double z) {
        if (z > 20) {
            return 1;
        }
        if (z < -20) {
            return -1;
        }
        if (Math.abs(z) < 1e-4) {
            return z - z * z * z / 3; // avoids cancellation near 0
        }
        double e = Math.exp(2 * z);
        return (e - 1) / (e + 1);
    }

    /** Parses {@code relu}, {@code tanh} or {@code sigmoid}, case-insensitively. */
    public static Activation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "': use relu, tanh or sigmoid", e);
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.freshet.learn.network;

import java.util.Locale;

/** The update rules a learner can use. */
public enum OptimizerKind {
    /** Plain SGD with a constant step: adapts fastest after drift, noisiest. */
    SGD,
    /** AdaGrad: per-weight steps that shrink forever, so it adapts ever more slowly after drift. */
    ADAGRAD,
    /** Adam (Kingma and Ba, 2015), with the step divided by sqrt(v) + epsilon. */
    ADAM;

    public static OptimizerKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown optimiser '" + name + "': use sgd, adagrad or adam", e);
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

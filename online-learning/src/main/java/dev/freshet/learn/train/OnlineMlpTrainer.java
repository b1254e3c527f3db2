package dev.freshet.learn.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.network.Activation;

/** Trains a multi-layer perceptron (one or two hidden layers) online, warm across batches. */
public final class OnlineMlpTrainer extends OnlineTrainer {

    @Config(description = "Units per hidden layer: one or two layers.")
    private int[] hiddenSizes;

    @Config(description = "Hidden-layer activation: relu, tanh or sigmoid.")
    private Activation activation;

    /** For OLCUT configuration; starts from {@link LearnerSettings#mlp()}. */
    public OnlineMlpTrainer() {
        this(LearnerSettings.mlp());
    }

    public OnlineMlpTrainer(LearnerSettings settings) {
        if (!LearnerSettings.MLP.equals(settings.algorithm())) {
            throw new IllegalArgumentException("not mlp settings: " + settings);
        }
        setCommon(settings);
        hiddenSizes = settings.hiddenSizes();
        activation = settings.activation();
    }

    @Override
    public LearnerSettings settings() {
        return withCommon(new LearnerSettings(LearnerSettings.MLP, hiddenSizes, activation, optimizer, learningRate,
                l2, clip, seed));
    }
}

package dev.freshet.learn.train;

import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.network.Activation;

/** Trains logistic regression online: softmax over standardised features, warm across batches. */
public final class OnlineLinearTrainer extends OnlineTrainer {

    /** For OLCUT configuration; starts from {@link LearnerSettings#linear()}. */
    public OnlineLinearTrainer() {
        this(LearnerSettings.linear());
    }

    public OnlineLinearTrainer(LearnerSettings settings) {
        if (!LearnerSettings.LINEAR.equals(settings.algorithm())) {
            throw new IllegalArgumentException("not linear settings: " + settings);
        }
        setCommon(settings);
    }

    @Override
    public LearnerSettings settings() {
        return withCommon(new LearnerSettings(LearnerSettings.LINEAR, new int[0], Activation.TANH, optimizer,
                learningRate, l2, clip, seed));
    }
}

package dev.freshet.training.service;

import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.training.config.TrainingConfig;

/** A configured model's hyper-parameters over its algorithm's defaults. */
final class ModelSettings {

    private ModelSettings() {}

    static LearnerSettings of(TrainingConfig.ModelSpec spec) {
        LearnerSettings settings = switch (spec.algorithm()) {
            case LearnerSettings.LINEAR -> LearnerSettings.linear();
            case LearnerSettings.MLP -> LearnerSettings.mlp();
            default -> throw new IllegalArgumentException("unknown algorithm '" + spec.algorithm() + "': use linear or mlp");
        };
        if (spec.hiddenSizes().isPresent()) {
            settings = settings.withHiddenSizes(spec.hiddenSizes().get().stream().mapToInt(Integer::intValue).toArray());
        }
        double rate = spec.learningRate().orElse(settings.learningRate());
        OptimizerKind optimizer = spec.optimizer().map(OptimizerKind::parse).orElse(settings.optimizer());
        settings = settings.withOptimizer(optimizer, rate);
        if (spec.l2().isPresent()) {
            settings = settings.withL2(spec.l2().getAsDouble());
        }
        if (spec.seed().isPresent()) {
            settings = settings.withSeed(spec.seed().getAsLong());
        }
        return settings;
    }
}

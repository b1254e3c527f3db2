package dev.freshet.training.status;

import dev.freshet.learn.drift.Challenger;
import dev.freshet.learn.drift.ReactiveLearner;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.MetricsReport;
import dev.freshet.learn.eval.PrequentialMetrics;
import dev.freshet.training.loop.TrainedModel;

/** A model's part of {@code GET /training/status}, read on the training thread. */
final class ModelStatuses {

    private ModelStatuses() {}

    static TrainingStatus.ModelStatus of(TrainedModel model, double examplesPerSecond, TrainingStatus.Drift lastDrift,
                                         String lastGateDecision, String reaction) {
        MetricsReport rolling = model.rolling();
        return new TrainingStatus.ModelStatus(model.name(), model.settings().algorithm(), model.settings().asMap(),
                model.version(), model.championVersion(), model.examplesSeen(), model.candidateWindow().accuracy(),
                rolling.logLoss(), model.candidateWindow().count(), model.championWindow().accuracy(),
                model.overall().accuracy(), examplesPerSecond, model.driftsSeen(), lastDrift, lastGateDecision,
                model.learner().unknownCategories(), confusion(model.metrics(), rolling), driftWatch(model, reaction));
    }

    private static TrainingStatus.Confusion confusion(PrequentialMetrics metrics, MetricsReport rolling) {
        return new TrainingStatus.Confusion(metrics.labels(), rolling.confusion());
    }

    private static TrainingStatus.DriftWatch driftWatch(TrainedModel trained, String reaction) {
        ReactiveLearner model = trained.reactive();
        DriftEvent warning = model.lastWarning();
        Challenger challenger = model.challenger();
        return new TrainingStatus.DriftWatch(reaction, model.warnings(), warning == null ? null
                : new TrainingStatus.Drift(warning.detector(), warning.example(), null, warning.errorBefore(),
                warning.errorAfter()), model.signalsInWarmUp(), challenger == null ? null
                : new TrainingStatus.Challenger(challenger.start().configName(), challenger.bornAtExample(),
                challenger.age(), challenger.accuracy(), challenger.modelAccuracy(), challenger.championAccuracy()),
                model.challengersStarted(), model.challengersPromoted(), model.challengersDropped(), model.resets());
    }
}

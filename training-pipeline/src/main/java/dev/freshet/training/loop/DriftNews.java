package dev.freshet.training.loop;

import dev.freshet.learn.drift.ReactiveLearner;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.training.publish.TrainingOutputs;
import dev.freshet.training.status.TrainingStatus;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tells of drift and of what was done about it: the log, {@code freshet.model-events} and, for the status, each
 * model's last drift.
 */
public final class DriftNews {

    private static final Logger LOG = Logger.getLogger(DriftNews.class);

    private final TrainingOutputs outputs;
    private final Map<String, TrainingStatus.Drift> lastDrifts = new ConcurrentHashMap<>();

    public DriftNews(TrainingOutputs outputs) {
        this.outputs = outputs;
    }

    /** After a model learned an example: the drift signalled on it, if any, and what its reaction did. */
    public void afterLearning(TrainedModel model, DriftEvent drift) {
        long version = model.version() == null ? 0 : model.version();
        if (drift != null) {
            long example = model.examplesSeen();
            lastDrifts.put(model.name(), new TrainingStatus.Drift(drift.detector(), example, Instant.now(),
                    drift.errorBefore(), drift.errorAfter()));
            LOG.infof("%s: drift detected by %s at example %d (%s)", model.name(), drift.detector(), example,
                    drift.change());
            outputs.announce(ModelEvent.driftDetected(model.name(), version, drift.detector(), example,
                    drift.errorBefore(), drift.errorAfter()));
        }
        for (ReactiveLearner.Reaction reaction : model.takeReactions()) {
            LOG.infof("%s: %s: %s", model.name(), reaction.kind(), reaction.detail());
            outputs.announce(ModelEvent.driftReaction(model.name(), version, reaction.kind(), reaction.detail()));
        }
    }

    /** The model's last drift, or null. */
    public TrainingStatus.Drift lastDrift(String model) {
        return lastDrifts.get(model);
    }
}

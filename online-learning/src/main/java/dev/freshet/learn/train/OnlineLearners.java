package dev.freshet.learn.train;

import dev.freshet.learn.IncompatibleSnapshotException;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.learn.network.TrainableNetwork;
import dev.freshet.learn.protos.TrainingStateProto;
import java.util.List;
import org.tribuo.Model;

/** Creates learners and restores them from snapshots. */
public final class OnlineLearners {

    private OnlineLearners() {}

    /** A fresh learner with {@code settings}. */
    public static NetworkLearner create(LearnerSettings settings) {
        return OnlineTrainer.forSettings(settings).newLearner();
    }

    /**
     * A learner that continues exactly where the snapshot's learner stopped: same weights, statistics,
     * optimiser moments and step, hyper-parameters and example count.
     *
     * @throws IncompatibleSnapshotException when the model is not an online model, the state is unreadable,
     *                                       or the two do not belong together
     */
    public static NetworkLearner restore(Model<?> model, byte[] trainingState) {
        if (!(model instanceof OnlineNetworkModel online)) {
            throw new IncompatibleSnapshotException("not a Freshet online model: "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        TrainingStateProto state = TrainingStates.read(trainingState);
        if (!state.getAlgorithm().equals(online.algorithm())) {
            throw new IncompatibleSnapshotException("training state of a " + state.getAlgorithm()
                    + " learner does not fit a " + online.algorithm() + " model");
        }
        if (!state.getModelFingerprint().equals(online.weights().fingerprint())) {
            throw new IncompatibleSnapshotException("the training state belongs to another model "
                    + "(fingerprints differ): restore a model with the state saved beside it");
        }
        LearnerSettings settings = LearnerSettings.fromMap(state.getHyperParametersMap());
        if (!settings.algorithm().equals(online.algorithm())) {
            throw new IncompatibleSnapshotException("hyper-parameters name algorithm " + settings.algorithm()
                    + " for a " + online.algorithm() + " model");
        }
        List<double[]> first = state.getFirstMomentsList().stream().map(TrainingStates::values).toList();
        List<double[]> second = state.getSecondMomentsList().stream().map(TrainingStates::values).toList();
        TrainableNetwork network = TrainableNetwork.restore(settings, online.weights(), first, second,
                state.getOptimizerStep());
        ReplayWindow replay = null;
        if (settings.replay().enabled()) {
            try {
                replay = state.hasReplay() ? ReplayWindow.fromProto(settings.replay(), state.getReplay())
                        : new ReplayWindow(settings.replay(), settings.seed());
            } catch (IncompatibleSnapshotException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IncompatibleSnapshotException("the replay window cannot be read: " + e.getMessage(), e);
            }
        }
        return new NetworkLearner(OnlineTrainer.forSettings(settings), network, replay);
    }
}

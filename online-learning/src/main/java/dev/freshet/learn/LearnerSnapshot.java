package dev.freshet.learn;

import dev.freshet.learn.model.OnlineNetworkModel;
import java.util.Objects;

/**
 * A learner frozen at one point of its stream: the immutable Tribuo model (what inference serves) and the
 * training state (optimiser moments and step, hyper-parameters) a trainer needs to continue exactly where
 * it stopped. The state names the model it belongs to by fingerprint.
 *
 * @param model         the Tribuo model; {@code model.serialize()} is its protobuf form
 * @param trainingState a serialized {@code TrainingStateProto}
 */
public record LearnerSnapshot(OnlineNetworkModel model, byte[] trainingState) {

    public LearnerSnapshot {
        Objects.requireNonNull(model, "model");
        trainingState = trainingState.clone();
    }

    @Override
    public byte[] trainingState() {
        return trainingState.clone();
    }

    /** The model in Tribuo's protobuf format. */
    public byte[] modelBytes() {
        return model.serialize().toByteArray();
    }
}

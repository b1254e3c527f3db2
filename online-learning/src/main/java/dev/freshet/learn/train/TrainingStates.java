package dev.freshet.learn.train;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.freshet.learn.IncompatibleSnapshotException;
import dev.freshet.learn.network.TrainableNetwork;
import dev.freshet.learn.protos.LayerProto;
import dev.freshet.learn.protos.TrainingStateProto;
import java.util.List;

/** Reads and writes {@code TrainingStateProto}: hyper-parameters, optimiser step and moments. */
final class TrainingStates {

    private TrainingStates() {}

    static byte[] write(TrainableNetwork network, ReplayWindow replay, String modelFingerprint) {
        TrainingStateProto.Builder state = TrainingStateProto.newBuilder()
                .setAlgorithm(network.settings().algorithm())
                .putAllHyperParameters(network.settings().asMap())
                .setOptimizer(network.settings().optimizer().configName())
                .setOptimizerStep(network.optimizerStep())
                .setModelFingerprint(modelFingerprint);
        List<double[]> first = network.firstMoments();
        List<double[]> second = network.secondMoments();
        for (int l = 0; l < first.size(); l++) {
            state.addFirstMoments(layer(first.get(l)));
            state.addSecondMoments(layer(second.get(l)));
        }
        if (replay != null) {
            state.setReplay(replay.toProto());
        }
        return state.build().toByteArray();
    }

    static TrainingStateProto read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IncompatibleSnapshotException("the training state is empty");
        }
        try {
            TrainingStateProto state = TrainingStateProto.parseFrom(bytes);
            if (state.getAlgorithm().isEmpty() || state.getModelFingerprint().isEmpty()) {
                throw new IncompatibleSnapshotException("not a training state: algorithm or model fingerprint missing");
            }
            return state;
        } catch (InvalidProtocolBufferException e) {
            throw new IncompatibleSnapshotException("the training state is not a readable TrainingStateProto", e);
        }
    }

    static double[] values(LayerProto layer) {
        return layer.getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static LayerProto layer(double[] values) {
        LayerProto.Builder layer = LayerProto.newBuilder();
        for (double v : values) {
            layer.addWeights(v);
        }
        return layer.build();
    }
}

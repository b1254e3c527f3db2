package dev.freshet.learn.model;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.network.Activation;
import dev.freshet.learn.network.NetworkWeights;
import dev.freshet.learn.protos.OnlineMlpModelProto;
import java.util.Arrays;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/** A multi-layer perceptron learned online: one or two hidden layers, then a softmax layer. */
public final class OnlineMlpModel extends OnlineNetworkModel {
    private static final long serialVersionUID = 1L;

    OnlineMlpModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureMap,
                   ImmutableOutputInfo<Label> outputInfo, NetworkWeights weights) {
        super(name, provenance, featureMap, outputInfo, weights);
        int hidden = weights.layers().size() - 1;
        if (hidden < 1 || hidden > 2) {
            throw new IllegalArgumentException("an MLP has one or two hidden layers, not " + hidden);
        }
    }

    /** A model of {@code weights} with the given provenance. */
    public static OnlineMlpModel of(String name, ModelProvenance provenance, NetworkWeights weights) {
        return new OnlineMlpModel(name, provenance, featureMap(weights), outputInfo(weights), weights);
    }

    @Override
    public String algorithm() {
        return LearnerSettings.MLP;
    }

    /** Units per hidden layer. */
    public int[] hiddenSizes() {
        return weights().layers().subList(0, weights().layers().size() - 1).stream()
                .mapToInt(NetworkWeights.LayerWeights::outputs).toArray();
    }

    @Override
    public ModelProto serialize() {
        OnlineMlpModelProto.Builder proto = OnlineMlpModelProto.newBuilder()
                .setNetwork(networkProto())
                .setActivation(weights().activation().configName());
        Arrays.stream(hiddenSizes()).forEach(proto::addHiddenSizes);
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(OnlineMlpModel.class.getName())
                .setSerializedData(Any.pack(proto.build())).build();
    }

    /** Called by Tribuo's {@code Model.deserialize} through the class name in the {@code ModelProto}. */
    public static OnlineMlpModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        if (!message.is(OnlineMlpModelProto.class)) {
            throw new IllegalArgumentException("not an OnlineMlpModelProto: " + message.getTypeUrl());
        }
        OnlineMlpModelProto proto = message.unpack(OnlineMlpModelProto.class);
        Parts parts = readParts(version, proto.getNetwork(), Activation.parse(proto.getActivation()));
        OnlineMlpModel model = new OnlineMlpModel(parts.carrier().name(), parts.carrier().provenance(),
                parts.carrier().featureDomain(), parts.outputInfo(), parts.weights());
        if (!Arrays.equals(model.hiddenSizes(), proto.getHiddenSizesList().stream().mapToInt(Integer::intValue).toArray())) {
            throw new IllegalStateException("hidden sizes " + proto.getHiddenSizesList() + " do not match the layers");
        }
        return model;
    }

    @Override
    protected OnlineMlpModel copy(String newName, ModelProvenance newProvenance) {
        return new OnlineMlpModel(newName, newProvenance, featureIDMap, outputIDInfo, weights());
    }
}

package dev.freshet.learn.model;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.network.Activation;
import dev.freshet.learn.network.NetworkWeights;
import dev.freshet.learn.protos.OnlineLinearModelProto;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/** Multinomial logistic regression learned online: one softmax layer on standardised features. */
public final class OnlineLinearModel extends OnlineNetworkModel {
    private static final long serialVersionUID = 1L;

    OnlineLinearModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureMap,
                      ImmutableOutputInfo<Label> outputInfo, NetworkWeights weights) {
        super(name, provenance, featureMap, outputInfo, weights);
        if (weights.layers().size() != 1) {
            throw new IllegalArgumentException("a linear model has one layer, not " + weights.layers().size());
        }
    }

    /** A model of {@code weights} with the given provenance. */
    public static OnlineLinearModel of(String name, ModelProvenance provenance, NetworkWeights weights) {
        return new OnlineLinearModel(name, provenance, featureMap(weights), outputInfo(weights), weights);
    }

    @Override
    public String algorithm() {
        return LearnerSettings.LINEAR;
    }

    @Override
    public ModelProto serialize() {
        OnlineLinearModelProto proto = OnlineLinearModelProto.newBuilder().setNetwork(networkProto()).build();
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(OnlineLinearModel.class.getName())
                .setSerializedData(Any.pack(proto)).build();
    }

    /** Called by Tribuo's {@code Model.deserialize} through the class name in the {@code ModelProto}. */
    public static OnlineLinearModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        if (!message.is(OnlineLinearModelProto.class)) {
            throw new IllegalArgumentException("not an OnlineLinearModelProto: " + message.getTypeUrl());
        }
        OnlineLinearModelProto proto = message.unpack(OnlineLinearModelProto.class);
        Parts parts = readParts(version, proto.getNetwork(), Activation.TANH);
        return new OnlineLinearModel(parts.carrier().name(), parts.carrier().provenance(),
                parts.carrier().featureDomain(), parts.outputInfo(), parts.weights());
    }

    @Override
    protected OnlineLinearModel copy(String newName, ModelProvenance newProvenance) {
        return new OnlineLinearModel(newName, newProvenance, featureIDMap, outputIDInfo, weights());
    }
}

package dev.freshet.learn.export;

import com.google.protobuf.Any;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.EnumProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.freshet.learn.network.InputScale;
import dev.freshet.learn.network.NetworkWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.protos.ClassificationLinearSGDProto;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.TransformedModelProto;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;
import org.tribuo.transform.transformations.SimpleTransform;

/**
 * A linear model as Tribuo's own {@link LinearSGDModel} (softmax over {@link LinearParameters}), inside Tribuo's
 * {@link TransformedModel}, which applies the scaler as Tribuo transformations: subtract, multiply, threshold at the
 * clip. That is how Tribuo itself packages a linear model trained on standardised features, and it scores as the
 * served model does, clip and absent features included (an absent feature is left absent, which is 0 after scaling,
 * as the served model counts it). Loading it needs Tribuo alone: the provenance is rewritten in Tribuo's classes.
 *
 * <p>The features are the network's inputs: numeric features by their names, a categorical feature's slots as
 * {@code name=value} (1 for the value seen, and {@code name=?} for any undeclared one), a cyclical feature as
 * {@code name~sin} and {@code name~cos}, a cross's products as their terms joined by {@code &}. Encoding is the
 * caller's part here; the ONNX export does it inside the graph.
 */
public final class TribuoLinearExport {

    private TribuoLinearExport() {}

    /**
     * {@code model}, whose frozen network is {@code weights}, in Tribuo's classes alone.
     *
     * @throws IllegalArgumentException when the network has hidden layers: Tribuo 4.3.2 has no such model
     */
    @SuppressWarnings("unchecked")
    public static Model<Label> export(Model<Label> model, NetworkWeights weights) {
        if (weights.layers().size() != 1) {
            throw new IllegalArgumentException("only a linear model has a Tribuo counterpart (LinearSGDModel); this one "
                    + "has " + (weights.layers().size() - 1) + " hidden layer(s): export it as ONNX");
        }
        ImmutableFeatureMap features = model.getFeatureIDMap();
        ImmutableOutputInfo<Label> labels = model.getOutputIDInfo();
        ModelProvenance provenance = tribuoOnly(model.getProvenance());
        ModelDataCarrier<Label> carrier = new ModelDataCarrier<>(model.getName(), provenance, features, labels, true,
                Tribuo.VERSION);

        ClassificationLinearSGDProto linear = ClassificationLinearSGDProto.newBuilder()
                .setMetadata(carrier.serialize())
                .setParams(new LinearParameters(tribuoOrder(weights, features, labels)).serialize())
                .setNormalizer(new LogMulticlass().getNormalizer().serialize()) // its softmax, as Tribuo's trainer sets it
                .build();
        ModelProto inner = ModelProto.newBuilder().setVersion(LinearSGDModel.CURRENT_VERSION)
                .setClassName(LinearSGDModel.class.getName()).setSerializedData(Any.pack(linear)).build();

        TransformerMap scaling = new TransformerMap(transformers(weights), provenance.getDatasetProvenance(),
                new TransformationMap(List.of()).getProvenance());
        TransformedModelProto transformed = TransformedModelProto.newBuilder()
                .setMetadata(carrier.serialize())
                .setModel(inner)
                .setTransformerMap(scaling.serialize())
                .setDensify(false) // absent stays absent: 0 after scaling, the served model's mean
                .build();
        ModelProto outer = ModelProto.newBuilder().setVersion(TransformedModel.CURRENT_VERSION)
                .setClassName(TransformedModel.class.getName()).setSerializedData(Any.pack(transformed)).build();
        return (Model<Label>) Model.deserialize(outer);
    }

    /**
     * The weights in Tribuo's order: a row per label by its output id, a column per feature by its feature id (ids
     * follow sorted names, not the network's order), the bias last.
     */
    private static DenseMatrix tribuoOrder(NetworkWeights weights, ImmutableFeatureMap features,
                                           ImmutableOutputInfo<Label> labels) {
        NetworkWeights.LayerWeights layer = weights.layers().get(0);
        int in = layer.inputs();
        double[] stored = layer.weights();
        DenseMatrix matrix = new DenseMatrix(layer.outputs(), in + 1);
        for (int k = 0; k < layer.outputs(); k++) {
            int row = labels.getID(new Label(weights.labelNames().get(k)));
            for (int j = 0; j < in; j++) {
                matrix.set(row, features.getID(weights.featureNames().get(j)), stored[k * (in + 1) + j]);
            }
            matrix.set(row, in, stored[k * (in + 1) + in]);
        }
        return matrix;
    }

    /** The scaler per input as Tribuo's simple transforms, in the served model's order of operations. */
    private static Map<String, List<Transformer>> transformers(NetworkWeights weights) {
        InputScale scale = weights.inputScale();
        double[] shift = scale.shift();
        double[] factor = scale.factor();
        boolean[] clipped = scale.clipped();
        Map<String, List<Transformer>> map = new LinkedHashMap<>();
        for (int j = 0; j < shift.length; j++) {
            List<Transformer> steps = new ArrayList<>();
            if (shift[j] != 0) {
                steps.add(SimpleTransform.sub(shift[j]));
            }
            if (factor[j] != 1) {
                steps.add(SimpleTransform.mul(factor[j]));
            }
            if (clipped[j]) {
                steps.add(SimpleTransform.threshold(-scale.clip(), scale.clip()));
            }
            if (!steps.isEmpty()) {
                map.put(weights.featureNames().get(j), steps);
            }
        }
        return map;
    }

    /**
     * The provenance in Tribuo's and OLCUT's classes: reading back a provenance loads the classes it names, so the
     * dataset part becomes Tribuo's own class and the trainer's enum settings (optimiser, activation) their names.
     */
    private static ModelProvenance tribuoOnly(ModelProvenance provenance) {
        Map<String, Provenance> dataset = new HashMap<>();
        for (Pair<String, Provenance> field : provenance.getDatasetProvenance()) {
            dataset.put(field.getA(), field.getB());
        }
        Map<String, Provenance> trainer = new HashMap<>();
        for (Pair<String, Provenance> field : provenance.getTrainerProvenance()) {
            trainer.put(field.getA(), field.getB() instanceof EnumProvenance<?> e
                    ? new StringProvenance(field.getA(), e.getValue().name()) : field.getB());
        }
        Map<String, Provenance> instance = new HashMap<>();
        provenance.getInstanceProvenance().getMap().forEach(instance::put);
        return new ModelProvenance(LinearSGDModel.class.getName(), provenance.getTrainingTime(),
                new DatasetProvenance(dataset), new TrainerProvenanceImpl(trainer), instance);
    }
}

package dev.freshet.learn.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.export.OnnxExport;
import dev.freshet.learn.network.Activation;
import dev.freshet.learn.network.NetworkWeights;
import dev.freshet.learn.protos.LayerProto;
import dev.freshet.learn.protos.NetworkProto;
import dev.freshet.learn.protos.ScalerProto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.RealInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.MutableOutputInfo;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXRef;

/**
 * An immutable Tribuo classification model over a frozen {@link NetworkWeights}: standardisation inside,
 * softmax probabilities out. Features are matched by name; unknown features are ignored and missing ones
 * count as their training mean. Thread-safe. Exports to ONNX with its encodings and scaling inside the graph
 * ({@link OnnxExport}).
 */
public abstract class OnlineNetworkModel extends Model<Label> implements ONNXExportable {
    private static final long serialVersionUID = 1L;

    /** Version of the protobuf layout written by {@link #serialize()}. */
    public static final int CURRENT_VERSION = 0;

    private final NetworkWeights weights;

    protected OnlineNetworkModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureMap,
                                 ImmutableOutputInfo<Label> outputInfo, NetworkWeights weights) {
        super(name, provenance, featureMap, outputInfo, true);
        this.weights = weights;
    }

    /** {@code linear} or {@code mlp}. */
    public abstract String algorithm();

    /** The frozen weights and statistics. */
    public NetworkWeights weights() {
        return weights;
    }

    /** Scores named features directly, without building a Tribuo example. */
    public ClassPrediction predict(FeatureVector features) {
        return weights.predict(features);
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        String[] names = new String[example.size()];
        double[] values = new double[example.size()];
        int used = 0;
        int i = 0;
        for (Feature feature : example) {
            double value = feature.getValue();
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("feature '" + feature.getName() + "' is " + value
                        + ": only finite numbers are accepted");
            }
            names[i] = feature.getName();
            values[i++] = value;
            if (weights.featureIndex(feature.getName()) >= 0
                    || weights.encoding().encodings().containsKey(feature.getName())) {
                used++;
            }
        }
        ClassPrediction scored = weights.predict(new FeatureVector(names, values));
        Map<String, Label> scores = new LinkedHashMap<>();
        Label best = null;
        for (int k = 0; k < scored.labels().size(); k++) {
            Label label = new Label(scored.labels().get(k), scored.probabilities()[k]);
            scores.put(label.getLabel(), label);
            if (best == null || label.getScore() > best.getScore()) {
                best = label;
            }
        }
        return new Prediction<>(best, scores, used, example, true);
    }

    /** ONNX with the raw features of {@link OnnxExport#inputs} as its input columns. */
    @Override
    public OnnxMl.ModelProto exportONNXModel(String domain, long modelVersion) {
        return OnnxExport.export(this, weights, OnnxExport.inputs(weights), domain, modelVersion);
    }

    @Override
    public ONNXNode writeONNXGraph(ONNXRef<?> input) {
        return OnnxExport.writeGraph(weights, OnnxExport.inputs(weights), input);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        // Importance: summed absolute first-layer weights of each feature, on standardised inputs.
        NetworkWeights.LayerWeights first = weights.layers().get(0);
        List<Pair<String, Double>> ranked = new ArrayList<>();
        for (int c = 0; c < first.inputs(); c++) {
            double sum = 0;
            for (int r = 0; r < first.outputs(); r++) {
                sum += Math.abs(first.weights()[r * (first.inputs() + 1) + c]);
            }
            ranked.add(new Pair<>(weights.featureNames().get(c), sum));
        }
        ranked.sort(Comparator.comparing((Pair<String, Double> p) -> p.getB()).reversed());
        int limit = n < 0 ? ranked.size() : Math.min(n, ranked.size());
        return Map.of(ALL_OUTPUTS, List.copyOf(ranked.subList(0, limit)));
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    /** The shared part of both protobuf messages. */
    protected NetworkProto networkProto() {
        ModelDataProto metadata = createDataCarrier().serialize();
        NetworkProto.Builder builder = NetworkProto.newBuilder()
                .setMetadata(metadata.toByteString())
                .addAllFeatureNames(weights.featureNames())
                .addAllLabelNames(weights.labelNames())
                .setExamplesSeen(weights.examplesSeen())
                .putAllEncoding(weights.encoding().asMap());
        ScalerProto.Builder scaler = ScalerProto.newBuilder().setClip(weights.clip());
        for (long c : weights.count()) {
            scaler.addCount(c);
        }
        for (double m : weights.mean()) {
            scaler.addMean(m);
        }
        for (double m : weights.m2()) {
            scaler.addM2(m);
        }
        for (double m : weights.min()) {
            scaler.addMin(m);
        }
        for (double m : weights.max()) {
            scaler.addMax(m);
        }
        builder.setScaler(scaler);
        for (NetworkWeights.LayerWeights layer : weights.layers()) {
            builder.addLayers(layerProto(layer.outputs(), layer.inputs(), layer.weights()));
        }
        return builder.build();
    }

    static LayerProto layerProto(int outputs, int inputs, double[] values) {
        LayerProto.Builder layer = LayerProto.newBuilder().setOutputs(outputs).setInputs(inputs);
        for (double w : values) {
            layer.addWeights(w);
        }
        return layer.build();
    }

    /** The parts of a stored network, checked: what each model's {@code deserializeFromProto} builds on. */
    protected record Parts(ModelDataCarrier<?> carrier, ImmutableOutputInfo<Label> outputInfo, NetworkWeights weights) {}

    @SuppressWarnings("unchecked")
    protected static Parts readParts(int version, NetworkProto proto, Activation activation) {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("unknown model version " + version + ", this code reads up to "
                    + CURRENT_VERSION);
        }
        ModelDataCarrier<?> carrier;
        try {
            carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(proto.getMetadata()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("model metadata is not readable", e);
        }
        if (carrier.outputDomain().size() == 0
                || !(carrier.outputDomain().getDomain().iterator().next() instanceof Label)) {
            throw new IllegalStateException("not a classification model: its outputs are not labels");
        }
        ScalerProto scaler = proto.getScaler();
        List<NetworkWeights.LayerWeights> layers = new ArrayList<>();
        for (LayerProto layer : proto.getLayersList()) {
            layers.add(new NetworkWeights.LayerWeights(layer.getOutputs(), layer.getInputs(),
                    layer.getWeightsList().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        InputEncoding encoding;
        try {
            encoding = InputEncoding.fromMap(proto.getEncodingMap());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the model's input encoding is not readable: " + e.getMessage(), e);
        }
        NetworkWeights weights = new NetworkWeights(encoding, proto.getFeatureNamesList(), proto.getLabelNamesList(),
                scaler.getClip(), scaler.getCountList().stream().mapToLong(Long::longValue).toArray(),
                scaler.getMeanList().stream().mapToDouble(Double::doubleValue).toArray(),
                scaler.getM2List().stream().mapToDouble(Double::doubleValue).toArray(),
                scaler.getMinList().stream().mapToDouble(Double::doubleValue).toArray(),
                scaler.getMaxList().stream().mapToDouble(Double::doubleValue).toArray(), layers, activation,
                proto.getExamplesSeen());
        if (!carrier.outputDomain().getDomain().stream().map(o -> ((Label) o).getLabel()).sorted().toList()
                .equals(weights.labelNames().stream().sorted().toList())) {
            throw new IllegalStateException("the output domain does not match the network's labels");
        }
        return new Parts(carrier, (ImmutableOutputInfo<Label>) carrier.outputDomain(), weights);
    }

    /** Tribuo domains of a network: every feature a real variable, every label observed once. */
    static ImmutableFeatureMap featureMap(NetworkWeights weights) {
        List<VariableInfo> infos = new ArrayList<>();
        long[] count = weights.count();
        double[] mean = weights.mean();
        double[] m2 = weights.m2();
        double[] min = weights.min();
        double[] max = weights.max();
        for (int j = 0; j < count.length; j++) {
            infos.add(new RealInfo(weights.featureNames().get(j), (int) Math.min(count[j], Integer.MAX_VALUE),
                    max[j], min[j], mean[j], m2[j]));
        }
        return new ImmutableFeatureMap(infos);
    }

    static ImmutableOutputInfo<Label> outputInfo(NetworkWeights weights) {
        MutableOutputInfo<Label> info = new LabelFactory().generateInfo();
        weights.labelNames().forEach(name -> info.observe(new Label(name)));
        return info.generateImmutableOutputInfo();
    }
}

package dev.freshet.learn.export;

import ai.onnx.proto.OnnxMl;
import dev.freshet.learn.encode.EncodingPlan;
import dev.freshet.learn.encode.InputEncoder;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.network.Activation;
import dev.freshet.learn.network.InputScale;
import dev.freshet.learn.network.NetworkWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a frozen network as an ONNX graph with Tribuo's {@link ONNXContext}: raw features in, the served model's
 * probabilities out, with everything between inside the graph — one-hot slots with the unknown slot, sine and cosine,
 * crosses, the scaler's shift, factor and clip, the layers and the softmax. It computes in double, as the served model
 * does, so the two agree to rounding; its input and output are declared double too (Tribuo's context declares float
 * placeholders only, so the types are set once the model is built). A feature given as NaN is absent and scored as
 * the served model scores an absent feature.
 */
public final class OnnxExport {

    /** The graph's input: {@code [n, features]} raw values in {@link #inputs} order. */
    public static final String INPUT = "features";
    /** The graph's output: {@code [n, labels]} probabilities in the model's label order. */
    public static final String OUTPUT = "probabilities";
    /** Metadata keys: the input's feature names and the output's labels, each one per line. */
    public static final String FEATURES_KEY = "freshet.features";
    public static final String LABELS_KEY = "freshet.labels";

    private OnnxExport() {}

    /**
     * The raw features a model needs, in a stable order: the numeric inputs it has seen in its own order, then the
     * features its encodings, groups and crosses name.
     */
    public static List<String> inputs(NetworkWeights weights) {
        InputEncoding encoding = weights.encoding();
        Set<String> named = new LinkedHashSet<>(encoding.encodings().keySet());
        encoding.groups().values().forEach(named::addAll);
        for (List<String> cross : encoding.crosses()) {
            cross.stream().filter(f -> !encoding.groups().containsKey(f)).forEach(named::add);
        }
        EncodingPlan plan = new InputEncoder(encoding).plan(named.toArray(String[]::new));
        Set<String> made = new LinkedHashSet<>(plan.outputs().subList(plan.numericFrom().length, plan.outputs().size()));
        Set<String> raw = new LinkedHashSet<>();
        weights.featureNames().stream().filter(n -> !made.contains(n)).forEach(raw::add);
        raw.addAll(named);
        return List.copyOf(raw);
    }

    /**
     * {@code model}, whose frozen network is {@code weights}, as an ONNX model whose input columns are {@code inputs}: every feature of {@link #inputs(NetworkWeights)}
     * must be among them; others are accepted and ignored.
     */
    public static OnnxMl.ModelProto export(Model<Label> model, NetworkWeights weights, List<String> inputs,
                                           String domain, long version) {
        ONNXContext context = new ONNXContext();
        context.setName(model.getName());
        ONNXPlaceholder input = context.floatInput(INPUT, inputs.size());
        ONNXPlaceholder output = context.floatOutput(OUTPUT, weights.labelNames().size());
        context.assignTo(writeGraph(weights, inputs, input), output);
        OnnxMl.ModelProto built = ONNXExportable.buildModel(context, domain, version, model);
        OnnxMl.ModelProto.Builder builder = built.toBuilder();
        OnnxMl.GraphProto.Builder graph = builder.getGraphBuilder();
        graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.DOUBLE.getNumber());
        graph.getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.DOUBLE.getNumber());
        graph.getInputBuilder(0).setDocString("raw feature values, one column per feature in the metadata's "
                + FEATURES_KEY + "; NaN for an absent feature");
        graph.getOutputBuilder(0).setDocString("probability of each label in the metadata's " + LABELS_KEY);
        builder.addMetadataProps(entry(FEATURES_KEY, String.join("\n", inputs)));
        builder.addMetadataProps(entry(LABELS_KEY, String.join("\n", weights.labelNames())));
        return builder.build();
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** Appends the network to {@code input}'s graph; returns the probabilities node. */
    public static ONNXNode writeGraph(NetworkWeights weights, List<String> inputs, ONNXRef<?> input) {
        List<String> missing = inputs(weights).stream().filter(n -> !inputs.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the export's inputs " + inputs + " lack features the model needs: "
                    + missing);
        }
        if (new LinkedHashSet<>(inputs).size() != inputs.size()) {
            throw new IllegalArgumentException("the export's inputs name a feature twice: " + inputs);
        }
        return new Writer(input.onnxContext()).write(weights, inputs, input);
    }

    /** One graph being written: a context and short names for its operations. */
    private static final class Writer {
        private final ONNXContext context;

        Writer(ONNXContext context) {
            this.context = context;
        }

        ONNXNode write(NetworkWeights weights, List<String> inputs, ONNXRef<?> input) {
            ONNXNode x = input.cast(double.class);
            ONNXNode absent = op(ExtraOnnxOperators.IS_NAN, x);
            ONNXNode clean = op(ONNXOperators.WHERE, absent, doubles("zero", 0), x); // NaN-free, for encodings
            ONNXNode present = op(ExtraOnnxOperators.NOT, absent).cast(double.class);

            EncodingPlan plan = new InputEncoder(weights.encoding()).plan(inputs.toArray(String[]::new));
            List<ONNXRef<?>> encodedParts = new ArrayList<>(); // numeric copies keep NaN: absent is scaled to 0
            List<ONNXRef<?>> termParts = new ArrayList<>(); // NaN-free: what crosses multiply
            if (plan.numericFrom().length > 0) {
                long[] from = Arrays.stream(plan.numericFrom()).asLongStream().toArray();
                encodedParts.add(columns(x, from));
                termParts.add(columns(clean, from));
            }
            for (EncodingPlan.Categorical c : plan.categorical()) {
                ONNXNode value = columns(clean, c.from());
                ONNXNode isPresent = columns(present, c.from());
                ONNXNode slots = op(ONNXOperators.MUL,
                        op(ExtraOnnxOperators.EQUAL, value, doubles("categories", c.values())).cast(double.class),
                        isPresent);
                ONNXNode anyDeclared = op(ONNXOperators.REDUCE_SUM, Map.of("keepdims", 1), slots, longs("axis", 1));
                ONNXNode unknown = op(ONNXOperators.SUB, isPresent, anyDeclared);
                ONNXNode part = op(ONNXOperators.CONCAT, Map.of("axis", 1), slots, unknown);
                encodedParts.add(part);
                termParts.add(part);
            }
            for (EncodingPlan.Cyclical c : plan.cyclical()) {
                ONNXNode angle = op(ONNXOperators.MUL, columns(clean, c.from()), doubles("radians", c.radiansPerUnit()));
                ONNXNode isPresent = columns(present, c.from());
                // ONNX Runtime's CPU Cos is float only: cos a = sin(a + π/2), off by a rounding of a + π/2.
                ONNXNode quarterTurnOn = op(ONNXOperators.ADD, angle, doubles("quarter_turn", Math.PI / 2));
                ONNXNode part = op(ONNXOperators.CONCAT, Map.of("axis", 1),
                        op(ONNXOperators.MUL, op(ExtraOnnxOperators.SIN, angle), isPresent),
                        op(ONNXOperators.MUL, op(ExtraOnnxOperators.SIN, quarterTurnOn), isPresent));
                encodedParts.add(part);
                termParts.add(part);
            }
            ONNXRef<?> terms = termParts.size() == 1 ? termParts.get(0)
                    : op(ONNXOperators.CONCAT, Map.of("axis", 1), termParts.toArray(ONNXRef<?>[]::new));
            for (EncodingPlan.Cross cross : plan.crosses()) {
                ONNXRef<?> product = null;
                for (int[] factor : cross.factorTerms()) {
                    ONNXNode factorTerms = columns(terms, Arrays.stream(factor).asLongStream().toArray());
                    product = product == null ? factorTerms : outer(product, factorTerms);
                }
                encodedParts.add(product);
            }
            ONNXRef<?> encoded = encodedParts.size() == 1 ? encodedParts.get(0)
                    : op(ONNXOperators.CONCAT, Map.of("axis", 1), encodedParts.toArray(ONNXRef<?>[]::new));

            // The network's inputs by name, in its own order.
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < plan.outputs().size(); i++) {
                column.put(plan.outputs().get(i), i);
            }
            long[] order = new long[weights.featureNames().size()];
            boolean identity = order.length == plan.outputs().size();
            for (int j = 0; j < order.length; j++) {
                Integer i = column.get(weights.featureNames().get(j));
                if (i == null) {
                    throw new IllegalStateException("the network's input '" + weights.featureNames().get(j)
                            + "' is not made by its encoding from " + inputs);
                }
                order[j] = i;
                identity &= i == j;
            }
            ONNXRef<?> h = scaled(identity ? encoded : columns(encoded, order), weights.inputScale());
            List<NetworkWeights.LayerWeights> layers = weights.layers();
            for (int l = 0; l < layers.size(); l++) {
                h = affine(h, layers.get(l));
                if (l < layers.size() - 1) {
                    h = activate(h, weights.activation());
                }
            }
            return op(ONNXOperators.SOFTMAX, Map.of("axis", 1), h);
        }

        /** {@code clip((x - shift) * factor)} per column; an absent (NaN) value becomes its shift, so 0. */
        private ONNXNode scaled(ONNXRef<?> x, InputScale scale) {
            double[] shift = scale.shift();
            double[] upper = new double[shift.length];
            double[] lower = new double[shift.length];
            boolean[] clipped = scale.clipped();
            for (int j = 0; j < shift.length; j++) {
                upper[j] = clipped[j] ? scale.clip() : Double.POSITIVE_INFINITY;
                lower[j] = -upper[j];
            }
            ONNXInitializer shiftTensor = doubles("shift", shift);
            ONNXNode filled = op(ONNXOperators.WHERE, op(ExtraOnnxOperators.IS_NAN, x), shiftTensor, x);
            ONNXNode z = op(ONNXOperators.MUL, op(ONNXOperators.SUB, filled, shiftTensor), doubles("factor", scale.factor()));
            return op(ExtraOnnxOperators.MAX, op(ExtraOnnxOperators.MIN, z, doubles("upper", upper)),
                    doubles("lower", lower));
        }

        /** {@code x · Wᵀ + b}: rows of the stored layer are outputs, the bias last in each. */
        private ONNXNode affine(ONNXRef<?> x, NetworkWeights.LayerWeights layer) {
            int in = layer.inputs();
            int out = layer.outputs();
            double[] w = new double[out * in];
            double[] b = new double[out];
            double[] stored = layer.weights();
            for (int r = 0; r < out; r++) {
                System.arraycopy(stored, r * (in + 1), w, r * in, in);
                b[r] = stored[r * (in + 1) + in];
            }
            ONNXNode matrix = op(ExtraOnnxOperators.RESHAPE, doubles("weights", w), longs("shape", out, in));
            return op(ONNXOperators.GEMM, Map.of("transB", 1), x, matrix, doubles("bias", b));
        }

        private ONNXNode activate(ONNXRef<?> h, Activation activation) {
            return switch (activation) {
                case RELU -> op(ExtraOnnxOperators.RELU, h);
                case TANH -> op(ExtraOnnxOperators.TANH, h);
                case SIGMOID -> op(ONNXOperators.SIGMOID, h);
            };
        }

        /** Every product of a column of {@code a} and one of {@code b}, {@code b} varying fastest: {@code [n, |a|·|b|]}. */
        private ONNXNode outer(ONNXRef<?> a, ONNXRef<?> b) {
            ONNXNode products = op(ONNXOperators.MUL, op(ONNXOperators.UNSQUEEZE, a, longs("axis", 2)),
                    op(ONNXOperators.UNSQUEEZE, b, longs("axis", 1)));
            return op(ExtraOnnxOperators.RESHAPE, products, longs("shape", 0, -1));
        }

        private ONNXNode columns(ONNXRef<?> x, long... indices) {
            return op(ONNXOperators.GATHER, Map.of("axis", 1), x, longs("columns", indices));
        }

        private ONNXNode columns(ONNXRef<?> x, int index) {
            return columns(x, new long[] {index});
        }

        /** A 1-D double constant (Tribuo's context writes float unless told otherwise). */
        private ONNXInitializer doubles(String name, double... values) {
            return context.array(name, values, false);
        }

        private ONNXInitializer longs(String name, long... values) {
            return context.array(name, values);
        }

        private ONNXNode op(ONNXOperator operator, ONNXRef<?>... inputs) {
            return op(operator, Map.of(), inputs);
        }

        private ONNXNode op(ONNXOperator operator, Map<String, Object> attributes, ONNXRef<?>... inputs) {
            return context.operation(operator, List.of(inputs), operator.getOpName().toLowerCase(java.util.Locale.ROOT),
                    attributes);
        }
    }
}

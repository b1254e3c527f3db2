package dev.freshet.inference.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.inference.serve.Answer;
import dev.freshet.inference.serve.InvalidInputException;
import dev.freshet.inference.serve.LoadedVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Open Inference Protocol tensors to rows and answers back. Two request forms are understood: one input per
 * feature, named after it (shape {@code [n]} or {@code [n, 1]}), or a single input of shape {@code [n, d]}
 * holding rows in the model's feature order. Data may be flat (row-major) or nested. Outputs: {@code label}
 * (BYTES {@code [n]}), {@code probabilities} (FP64 {@code [n, classes]}, classes in {@code parameters.labels}
 * order) and {@code abstained} (BOOL {@code [n]}).
 */
final class InferenceTensors {

    static final List<String> OUTPUTS = List.of("label", "probabilities", "abstained");
    private static final Set<String> NUMERIC = Set.of("FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64",
            "UINT8", "UINT16", "UINT32", "UINT64");

    private InferenceTensors() {}

    /** The rows of a request, in the model's feature order, every value finite. */
    static double[][] rows(JsonNode request, LoadedVersion model, int maxInstances) {
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new InvalidInputException("'inputs' must be a non-empty array of tensors; " + model.name()
                    + " version " + model.version() + " expects the features " + model.features());
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            tensors.add(tensor(inputs.get(i), i, maxInstances, model.features().size()));
        }
        boolean byFeature = tensors.stream().allMatch(t -> model.position(t.name) >= 0);
        if (byFeature) {
            return byFeature(tensors, model, maxInstances);
        }
        if (tensors.size() == 1) {
            return matrix(tensors.get(0), model, maxInstances);
        }
        List<String> unknown = tensors.stream().map(t -> t.name).filter(n -> model.position(n) < 0).toList();
        throw new InvalidInputException(model.withSchemaHint(List.of("unknown inputs " + unknown
                + ": send one input per feature, named after it, or a single [n, "
                + model.features().size() + "] tensor")));
    }

    private record Tensor(String name, long[] shape, List<JsonNode> data) {}

    private static Tensor tensor(JsonNode node, int index, int maxInstances, int features) {
        String where = "input " + index;
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(where + " is " + JsonBodies.describe(node) + ", not a tensor object");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.textValue().isBlank()) {
            throw new InvalidInputException(where + " has no 'name'");
        }
        where = "input '" + JsonBodies.abbreviate(name.textValue()) + "'";
        JsonNode datatype = node.get("datatype");
        if (datatype == null || !datatype.isTextual()) {
            throw new InvalidInputException(where + " has no 'datatype'");
        }
        if (!NUMERIC.contains(datatype.textValue())) {
            throw new InvalidInputException(where + " has datatype '" + JsonBodies.abbreviate(datatype.textValue())
                    + "'; features are numbers: one of " + NUMERIC.stream().sorted().toList());
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.isEmpty() || shapeNode.size() > 2) {
            throw new InvalidInputException(where + " needs a 'shape' of one or two dimensions");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        long limit = (long) maxInstances * Math.max(1, features);
        for (int d = 0; d < shape.length; d++) {
            JsonNode dim = shapeNode.get(d);
            if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.longValue() < 0) {
                throw new InvalidInputException(where + " has shape " + shapeNode + ": dimensions are whole numbers >= 0");
            }
            shape[d] = dim.longValue();
            elements *= Math.min(shape[d], limit + 1);
            if (elements > limit) {
                throw new InvalidInputException(where + " has shape " + shapeNode + ", over the limit of "
                        + maxInstances + " instances per request");
            }
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isArray()) {
            throw new InvalidInputException(where + " needs 'data' as an array");
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(data, flat, where, elements);
        if (flat.size() != elements) {
            throw new InvalidInputException(where + " has " + flat.size() + " values but its shape " + shapeNode
                    + " says " + elements);
        }
        return new Tensor(name.textValue(), shape, flat);
    }

    private static void flatten(JsonNode node, List<JsonNode> into, String where, long expected) {
        for (JsonNode item : node) {
            if (item.isArray()) {
                flatten(item, into, where, expected);
            } else {
                into.add(item);
            }
            if (into.size() > expected) {
                throw new InvalidInputException(where + " has more values than its shape says (" + expected + ")");
            }
        }
    }

    private static double[][] byFeature(List<Tensor> tensors, LoadedVersion model, int maxInstances) {
        long n = tensors.get(0).shape[0];
        Set<String> names = new HashSet<>();
        for (Tensor t : tensors) {
            if (!names.add(t.name)) {
                throw new InvalidInputException("input '" + t.name + "' is given twice");
            }
            if (t.shape[0] != n || (t.shape.length == 2 && t.shape[1] != 1)) {
                throw new InvalidInputException("input '" + t.name + "' has shape " + shape(t) + "; every feature input"
                        + " must have shape [" + n + "] or [" + n + ", 1]");
            }
        }
        List<String> missing = model.features().stream().filter(f -> !names.contains(f)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(model.withSchemaHint(missing.stream()
                    .map(f -> "feature '" + f + "' is missing").toList()));
        }
        double[][] rows = newRows(n, model, maxInstances);
        for (Tensor t : tensors) {
            int column = model.position(t.name);
            for (int r = 0; r < n; r++) {
                rows[r][column] = finite(t.data.get(r), "feature '" + t.name + "', instance " + r);
            }
        }
        return rows;
    }

    private static double[][] matrix(Tensor t, LoadedVersion model, int maxInstances) {
        int d = model.features().size();
        long n = t.shape.length == 1 ? 1 : t.shape[0];
        long width = t.shape.length == 1 ? t.shape[0] : t.shape[1];
        if (width != d) {
            throw new InvalidInputException(model.withSchemaHint(List.of("input '" + t.name + "' has shape " + shape(t)
                    + ": rows must have " + d + " values, one per feature in order")));
        }
        double[][] rows = newRows(n, model, maxInstances);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                rows[r][c] = finite(t.data.get(r * d + c), "feature '" + model.features().get(c) + "', instance " + r);
            }
        }
        return rows;
    }

    private static double[][] newRows(long n, LoadedVersion model, int maxInstances) {
        if (n < 1) {
            throw new InvalidInputException("no instances to predict");
        }
        if (n > maxInstances) {
            throw new InvalidInputException(n + " instances in one request, over the limit of " + maxInstances);
        }
        return new double[(int) n][model.features().size()];
    }

    private static double finite(JsonNode value, String what) {
        double v = JsonBodies.number(value, what);
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(what + " is " + v + ", not a finite number");
        }
        return v;
    }

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(t.shape);
    }

    /** The response's outputs, those requested only when the request names some. */
    static List<Map<String, Object>> outputs(JsonNode request, List<Answer> answers, LoadedVersion model) {
        List<String> wanted = new ArrayList<>(OUTPUTS);
        JsonNode requested = request.get("outputs");
        if (requested != null && requested.isArray() && !requested.isEmpty()) {
            wanted.clear();
            for (JsonNode output : requested) {
                JsonNode name = output.isObject() ? output.get("name") : null;
                if (name == null || !name.isTextual() || !OUTPUTS.contains(name.textValue())) {
                    String shown = output.toString();
                    throw new InvalidInputException("requested output " + (shown.length() > 100
                            ? shown.substring(0, 100) + "…" : shown) + " is not one of " + OUTPUTS);
                }
                // Once each: a name repeated would repeat its tensor, an answer many times the request's size.
                if (wanted.contains(name.textValue())) {
                    throw new InvalidInputException("output '" + name.textValue() + "' is requested twice");
                }
                wanted.add(name.textValue());
            }
        } else if (requested != null && !requested.isArray() && !requested.isNull()) {
            throw new InvalidInputException("'outputs' must be an array of {\"name\": ...}");
        }
        int n = answers.size();
        int k = model.labels().size();
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (String name : wanted) {
            switch (name) {
                case "label" -> outputs.add(tensor(name, "BYTES", List.of(n), answers.stream().map(Answer::label).toList(), null));
                case "probabilities" -> {
                    List<Double> data = new ArrayList<>(n * k);
                    answers.forEach(a -> {
                        for (double p : a.probabilities()) {
                            data.add(p);
                        }
                    });
                    outputs.add(tensor(name, "FP64", List.of(n, k), data, Map.of("labels", model.labels())));
                }
                default -> outputs.add(tensor(name, "BOOL", List.of(n), answers.stream().map(Answer::abstained).toList(), null));
            }
        }
        return outputs;
    }

    private static Map<String, Object> tensor(String name, String datatype, List<Integer> shape, List<?> data,
                                              Map<String, Object> parameters) {
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", name);
        tensor.put("datatype", datatype);
        tensor.put("shape", shape);
        if (parameters != null) {
            tensor.put("parameters", parameters);
        }
        tensor.put("data", data);
        return tensor;
    }
}

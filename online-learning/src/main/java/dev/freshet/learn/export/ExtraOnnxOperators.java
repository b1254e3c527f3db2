package dev.freshet.learn.export;

import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * Standard ONNX operators that Tribuo 4.3.2's {@link ONNXOperators} does not list, declared through its
 * {@link ONNXOperator} interface in the same domain and opset, so that Tribuo's model builder imports them already.
 * None takes an attribute.
 */
enum ExtraOnnxOperators implements ONNXOperator {
    SIN("Sin", 1),
    MIN("Min", 2),
    MAX("Max", 2),
    IS_NAN("IsNaN", 1),
    NOT("Not", 1),
    EQUAL("Equal", 2),
    RELU("Relu", 1),
    TANH("Tanh", 1),
    RESHAPE("Reshape", 2);

    private final String opName;
    private final int inputs;

    ExtraOnnxOperators(String opName, int inputs) {
        this.opName = opName;
        this.inputs = inputs;
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return Map.of();
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Set.of();
    }

    @Override
    public int getOpVersion() {
        return ONNXOperators.getOpsetVersion();
    }

    @Override
    public String getOpDomain() {
        return ONNXOperators.ADD.getOpDomain();
    }
}

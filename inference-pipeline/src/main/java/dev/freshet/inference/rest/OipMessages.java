package dev.freshet.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The Open Inference Protocol (KServe V2) messages this service sends and documents. */
public final class OipMessages {

    private OipMessages() {}

    /** {@code GET /v2}. */
    public record ServerMetadata(String name, String version, List<String> extensions) {}

    /** {@code GET /v2/health/live}, {@code /v2/health/ready}. */
    public record ServerHealth(boolean live, boolean ready) {}

    /** {@code GET /v2/models/{name}/ready}. */
    public record ModelReady(String name, String version, boolean ready) {}

    /** A tensor's name, type and shape ({@code -1}: any size). */
    public record TensorMetadata(String name, String datatype, List<Long> shape) {}

    /** {@code GET /v2/models/{name}[/versions/{v}]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                                List<TensorMetadata> outputs, Map<String, Object> parameters) {}

    /** One tensor of a request; {@code data} row-major, flat or nested. */
    public record RequestTensor(String name, List<Long> shape, String datatype, List<Object> data) {}

    /** An output asked for by name. */
    public record RequestedOutput(String name) {}

    /** {@code POST .../infer}: one input per feature, or one {@code [n, d]} tensor in feature order. */
    public record InferRequest(String id, Map<String, Object> parameters, List<RequestTensor> inputs,
                               List<RequestedOutput> outputs) {}

    /** {@code POST .../infer} answer: outputs {@code label}, {@code probabilities}, {@code abstained}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InferResponse(@JsonProperty("model_name") String modelName,
                                @JsonProperty("model_version") String modelVersion, String id,
                                Map<String, Object> parameters, List<Map<String, Object>> outputs) {}
}

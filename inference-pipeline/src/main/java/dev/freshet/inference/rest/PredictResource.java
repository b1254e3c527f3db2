package dev.freshet.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.inference.serve.Answer;
import dev.freshet.inference.serve.InvalidInputException;
import dev.freshet.inference.serve.ModelServer;
import dev.freshet.inference.serve.PredictionMeter;
import dev.freshet.inference.serve.LoadedVersion;
import dev.freshet.inference.serve.WarmUp;
import dev.freshet.inference.stream.LiveAccuracy;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Plain JSON predictions by feature name: {@code {"features": {...}, "eventId": "..."}} for one, or
 * {@code {"instances": [...]}} of those for several. With an {@code eventId}, the answer waits for that event's
 * label and counts in live accuracy.
 */
@Path("/predict")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Predict")
public class PredictResource {

    /** One instance to predict. */
    public record PredictRequest(Map<String, Double> features, String eventId) {}

    /** Several. */
    public record PredictBatchRequest(List<PredictRequest> instances) {}

    /** One answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prediction(String predictionId, String eventId, String model, long version, String label,
                             Map<String, Double> probabilities, boolean abstained) {}

    /** Answers in request order. */
    public record Predictions(List<Prediction> predictions) {}

    private final ModelServer server;
    private final PredictionMeter meter;
    private final LiveAccuracy liveAccuracy;
    private final InferenceConfig config;

    public PredictResource(ModelServer server, PredictionMeter meter, LiveAccuracy liveAccuracy, InferenceConfig config) {
        this.server = server;
        this.meter = meter;
        this.liveAccuracy = liveAccuracy;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Predict from named features with the serving version (one instance, or 'instances')")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(oneOf = {PredictRequest.class, PredictBatchRequest.class})))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(oneOf = {Prediction.class, Predictions.class})))
    @APIResponse(responseCode = "400", description = "missing, unknown or non-finite features, wrong types, not JSON")
    @APIResponse(responseCode = "404", description = "the model is not served here")
    @APIResponse(responseCode = "413", description = "body over the size limit")
    @NonBlocking // microseconds of work on the serving version in memory: no hop to a worker thread
    public Object predict(@QueryParam("model") String modelName, @HeaderParam(WarmUp.HEADER) String warmUp, byte[] body) {
        PredictionMeter.Path path = WarmUp.isOwn(warmUp) ? PredictionMeter.Path.WARM_UP : PredictionMeter.Path.REST;
        LoadedVersion model = server.serving(modelName == null || modelName.isBlank() ? server.defaultModel() : modelName);
        JsonNode request = JsonBodies.object(body);
        JsonNode instances = request.get("instances");
        if (instances != null) {
            if (!instances.isArray() || instances.isEmpty()) {
                throw new InvalidInputException("'instances' must be a non-empty array of {\"features\": {...}}");
            }
            if (instances.size() > config.maxInstances()) {
                throw new InvalidInputException(instances.size() + " instances in one request, over the limit of "
                        + config.maxInstances());
            }
            List<double[]> rows = new ArrayList<>();
            List<String> eventIds = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                rows.add(row(instances.get(i), model, "instance " + i + ": "));
                eventIds.add(eventId(instances.get(i), "instance " + i + ": "));
            }
            List<Prediction> answers = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                answers.add(answer(model, rows.get(i), eventIds.get(i), path));
            }
            return new Predictions(answers);
        }
        double[] row = row(request, model, "");
        return answer(model, row, eventId(request, ""), path);
    }

    private Prediction answer(LoadedVersion model, double[] row, String eventId, PredictionMeter.Path path) {
        Answer answer = model.predict(row);
        meter.answered(path, answer);
        if (eventId != null) {
            liveAccuracy.expect(eventId, answer);
        }
        return new Prediction(UUID.randomUUID().toString(), eventId, answer.model(), answer.version(), answer.label(),
                answer.probabilityByLabel(), answer.abstained());
    }

    private static double[] row(JsonNode instance, LoadedVersion model, String where) {
        if (!instance.isObject()) {
            throw new InvalidInputException(where + "an instance is " + JsonBodies.describe(instance)
                    + "; send {\"features\": {\"name\": number, ...}}");
        }
        JsonNode features = instance.get("features");
        if (features == null || !features.isObject()) {
            throw new InvalidInputException(model.withSchemaHint(List.of(where + "'features' is "
                    + JsonBodies.describe(features) + "; send {\"features\": {\"name\": number, ...}}")));
        }
        Map<String, Double> named = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                named.put(e.getKey(), JsonBodies.number(e.getValue(), "feature '" + JsonBodies.abbreviate(e.getKey()) + "'"));
            } catch (InvalidInputException wrongType) {
                problems.add(where + wrongType.getMessage());
                named.put(e.getKey(), 0.0); // present, though wrong: not reported missing as well
            }
        }
        model.problems(named).forEach(p -> problems.add(where + p));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(model.withSchemaHint(problems));
        }
        return model.row(named);
    }

    private static String eventId(JsonNode instance, String where) {
        JsonNode id = instance.get("eventId");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.textValue().isBlank()) {
            throw new InvalidInputException(where + "'eventId' must be a non-empty string");
        }
        return id.textValue();
    }
}

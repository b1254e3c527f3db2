package dev.freshet.inference.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.inference.serve.Answer;
import dev.freshet.inference.serve.InvalidInputException;
import dev.freshet.inference.serve.ModelNotFoundException;
import dev.freshet.inference.serve.ModelServer;
import dev.freshet.inference.serve.PredictionMeter;
import dev.freshet.inference.serve.LoadedVersion;
import dev.freshet.inference.serve.WarmUp;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Open Inference Protocol (KServe V2) over REST: server and model metadata, health, and inference on the
 * serving version of a model or on a given version. Errors are {@code {"error": "..."}}: 400 for a request that
 * cannot be scored, 404 for an unknown model or version.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol")
public class InferenceProtocolResource {

    static final String PLATFORM = "freshet_tribuo";

    private final ModelServer server;
    private final PredictionMeter meter;
    private final InferenceConfig config;
    private final WarmUp warmUp;

    public InferenceProtocolResource(ModelServer server, PredictionMeter meter, InferenceConfig config, WarmUp warmUp) {
        this.server = server;
        this.meter = meter;
        this.config = config;
        this.warmUp = warmUp;
    }

    @GET
    @Operation(summary = "Server metadata")
    public OipMessages.ServerMetadata metadata() {
        return new OipMessages.ServerMetadata("freshet-inference", "0.1.0", List.of("freshet-predict"));
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "200 while the server runs")
    public OipMessages.ServerHealth live() {
        return new OipMessages.ServerHealth(true, warmUp.serviceReady());
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "200 once every served model has a version loaded and the warm-up is over, 400 before")
    public Response ready() {
        boolean ready = warmUp.serviceReady();
        return Response.status(ready ? 200 : 400).entity(new OipMessages.ServerHealth(true, ready)).build();
    }

    @GET
    @Path("/models/{name}")
    @Operation(summary = "Metadata of the serving version of a model")
    @APIResponse(responseCode = "404", description = "not served here")
    public OipMessages.ModelMetadata model(@PathParam("name") String name) {
        return metadata(server.serving(name));
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    @Operation(summary = "Metadata of one version of a model")
    @APIResponse(responseCode = "404", description = "not served here, or no such version")
    public OipMessages.ModelMetadata model(@PathParam("name") String name, @PathParam("version") String version) {
        return metadata(server.version(name, versionNumber(name, version)));
    }

    @GET
    @Path("/models/{name}/ready")
    @Operation(summary = "200 when the model has a version loaded, 400 before")
    public Response modelReady(@PathParam("name") String name) {
        var current = server.model(name).current();
        return Response.status(current.isPresent() ? 200 : 400).entity(new OipMessages.ModelReady(name,
                current.map(c -> Long.toString(c.version())).orElse(null), current.isPresent())).build();
    }

    @GET
    @Path("/models/{name}/versions/{version}/ready")
    @Operation(summary = "200 when the version can be served")
    public OipMessages.ModelReady versionReady(@PathParam("name") String name, @PathParam("version") String version) {
        LoadedVersion model = server.version(name, versionNumber(name, version));
        return new OipMessages.ModelReady(name, Long.toString(model.version()), true);
    }

    @POST
    @Path("/models/{name}/infer")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Predict with the serving version")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OipMessages.InferRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.InferResponse.class)))
    @APIResponse(responseCode = "400", description = "a request that cannot be scored, with the reason")
    @APIResponse(responseCode = "404", description = "not served here")
    @APIResponse(responseCode = "413", description = "body over the size limit")
    @NonBlocking // microseconds of work on the serving version in memory: no hop to a worker thread
    public OipMessages.InferResponse inferServing(@PathParam("name") String name,
                                                  @HeaderParam(WarmUp.HEADER) String warmUp, byte[] body) {
        LoadedVersion model = server.serving(name); // one version for the whole request, even if a swap comes
        return infer(model, JsonBodies.object(body), WarmUp.isOwn(warmUp) ? PredictionMeter.Path.WARM_UP : PredictionMeter.Path.REST);
    }

    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Predict with one version")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OipMessages.InferRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OipMessages.InferResponse.class)))
    @APIResponse(responseCode = "400", description = "a request that cannot be scored, with the reason")
    @APIResponse(responseCode = "404", description = "not served here, or no such version")
    public OipMessages.InferResponse infer(@PathParam("name") String name, @PathParam("version") String version,
                                           byte[] body) {
        LoadedVersion model = server.version(name, versionNumber(name, version));
        return infer(model, JsonBodies.object(body), PredictionMeter.Path.REST);
    }

    private OipMessages.InferResponse infer(LoadedVersion model, JsonNode request, PredictionMeter.Path path) {
        JsonNode id = request.get("id");
        if (id != null && !id.isTextual() && !id.isNull()) {
            throw new InvalidInputException("'id' must be a string");
        }
        double[][] rows = InferenceTensors.rows(request, model, config.maxInstances());
        List<Answer> answers = new ArrayList<>(rows.length);
        for (double[] row : rows) {
            Answer answer = model.predict(row);
            meter.answered(path, answer);
            answers.add(answer);
        }
        List<Map<String, Object>> outputs = InferenceTensors.outputs(request, answers, model);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("labels", model.labels());
        parameters.put("abstain_below", config.abstainBelow());
        return new OipMessages.InferResponse(model.name(), Long.toString(model.version()),
                id == null || id.isNull() ? null : id.textValue(), parameters, outputs);
    }

    private OipMessages.ModelMetadata metadata(LoadedVersion model) {
        List<OipMessages.TensorMetadata> inputs = model.features().stream()
                .map(f -> new OipMessages.TensorMetadata(f, "FP64", List.of(-1L))).toList();
        List<OipMessages.TensorMetadata> outputs = List.of(
                new OipMessages.TensorMetadata("label", "BYTES", List.of(-1L)),
                new OipMessages.TensorMetadata("probabilities", "FP64", List.of(-1L, (long) model.labels().size())),
                new OipMessages.TensorMetadata("abstained", "BOOL", List.of(-1L)));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("labels", model.labels());
        parameters.put("algorithm", model.manifest().algorithm());
        parameters.put("feature_set", model.featureSet());
        parameters.put("schema_version", model.schemaVersion());
        parameters.put("abstain_below", config.abstainBelow());
        parameters.put("created_at", model.manifest().createdAt().toString());
        // How the model turns the inputs into its features, and values outside a category's declared ones it met.
        parameters.put("encodings", model.encodings());
        parameters.put("unknown_categories", model.unknownCategories());
        return new OipMessages.ModelMetadata(model.name(), List.of(Long.toString(model.version())), PLATFORM, inputs,
                outputs, parameters);
    }

    static long versionNumber(String name, String version) {
        try {
            long v = Long.parseLong(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ModelNotFoundException("model '" + name + "' has no version '" + JsonBodies.abbreviate(version)
                + "': versions are numbers from 1");
    }
}

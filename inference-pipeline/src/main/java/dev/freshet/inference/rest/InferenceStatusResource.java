package dev.freshet.inference.rest;

import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.inference.dashboard.DashboardHistory;
import dev.freshet.inference.serve.ModelServer;
import dev.freshet.inference.serve.PredictionMeter;
import dev.freshet.inference.serve.ModelSlot;
import dev.freshet.inference.serve.WarmUp;
import dev.freshet.inference.stream.HeldOutEvaluation;
import dev.freshet.inference.stream.LiveAccuracy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What is served and how it goes: {@code /inference/status} for people and scripts, the dashboard's data. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status")
public class InferenceStatusResource {

    /**
     * One served model.
     *
     * @param liveAccuracy per version, each version's own window
     * @param live         the model's window whatever version answered, with its confusion matrix (null before the
     *                     first label)
     * @param heldOut      per version, its score on the held-out examples of {@code freshet.test-examples}
     */
    public record ModelStatus(String model, Long servingVersion, Instant loadedAt, String alias,
                              ModelSlot.LoadReport lastLoad, double coverage, List<LiveAccuracy.Figures> liveAccuracy,
                              LiveAccuracy.ModelFigures live, List<HeldOutEvaluation.Figures> heldOut) {}

    /** Every served model. */
    public record Status(boolean ready, double abstainBelow, List<ModelStatus> models, WarmUp.Report warmUp) {}

    private final ModelServer server;
    private final LiveAccuracy liveAccuracy;
    private final HeldOutEvaluation heldOut;
    private final PredictionMeter meter;
    private final DashboardHistory history;
    private final InferenceConfig config;
    private final WarmUp warmUp;

    public InferenceStatusResource(ModelServer server, LiveAccuracy liveAccuracy, HeldOutEvaluation heldOut,
                                   PredictionMeter meter, DashboardHistory history, InferenceConfig config, WarmUp warmUp) {
        this.heldOut = heldOut;
        this.warmUp = warmUp;
        this.server = server;
        this.liveAccuracy = liveAccuracy;
        this.meter = meter;
        this.history = history;
        this.config = config;
    }

    @GET
    @Path("inference/status")
    @Operation(summary = "Serving version, last load (with its error, if any), coverage, live and held-out accuracy per model")
    public Status status() {
        var figures = liveAccuracy.figures();
        var live = liveAccuracy.modelFigures();
        var held = heldOut.figures();
        List<ModelStatus> models = server.all().stream().map(m -> new ModelStatus(m.name(),
                m.current().map(c -> c.version()).orElse(null), m.current().map(c -> c.loadedAt()).orElse(null),
                config.alias(), m.lastLoad().orElse(null), meter.coverage(m.name()),
                figures.getOrDefault(m.name(), List.of()), live.get(m.name()), held.getOrDefault(m.name(), List.of())))
                .toList();
        return new Status(warmUp.serviceReady(), config.abstainBelow(), models, warmUp.report());
    }

    @GET
    @Path("dashboard/data")
    @Operation(summary = "The dashboard's series: samples of the last hour and the registry's timeline")
    public DashboardHistory.Data dashboard() {
        return history.data(config.abstainBelow());
    }
}

package dev.freshet.training.rest;

import dev.freshet.training.loop.TrainingLoop;
import dev.freshet.training.status.TrainingStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /training/status}: per model the latest version, champion, rolling metrics, speed, lag, last drift. */
@Path("/training/status")
@Tag(name = "Training status")
public class TrainingStatusResource {

    private final TrainingLoop loop;

    public TrainingStatusResource(TrainingLoop loop) {
        this.loop = loop;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The trainer's state, lag and poison count; per model versions, champion, rolling metrics, "
            + "confusion matrix, drift watch and reaction")
    public TrainingStatus status() {
        return loop.status();
    }
}

package dev.freshet.training.rest;

import dev.freshet.training.service.TrainingLoop;
import dev.freshet.training.service.TrainingStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /training/status}: per model the latest version, champion, rolling metrics, speed, lag, last drift. */
@Path("/training/status")
public class TrainingStatusResource {

    private final TrainingLoop loop;

    public TrainingStatusResource(TrainingLoop loop) {
        this.loop = loop;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TrainingStatus status() {
        return loop.status();
    }
}

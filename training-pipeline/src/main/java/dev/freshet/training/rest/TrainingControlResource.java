package dev.freshet.training.rest;

import dev.freshet.contract.ErrorResponse;
import dev.freshet.registry.AliasNotFoundException;
import dev.freshet.registry.AliasRef;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistryException;
import dev.freshet.registry.events.ModelEvent;
import dev.freshet.security.Roles;
import dev.freshet.training.config.TrainingConfig;
import dev.freshet.training.loop.TrainingLoop;
import dev.freshet.training.publish.TrainingOutputs;
import dev.freshet.training.status.TrainingStatus;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The operations that change state, each needing a role ({@link Roles}): pause and resume training and publish
 * a model now (operator); promote a version to champion or roll the champion back (admin). Without a credential
 * they answer 401, with one lacking the role 403. Every move of the champion by hand is announced on
 * {@code freshet.model-events} and recorded in the alias with who did it.
 */
@Path("/training")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Training control", description = "Operator: pause, resume, publish now. Admin: promote, roll back.")
@APIResponse(responseCode = "401", description = "No credential (API key or JWT bearer token)")
@APIResponse(responseCode = "403", description = "A credential without the operation's role")
public class TrainingControlResource {

    private static final Logger LOG = Logger.getLogger(TrainingControlResource.class);
    private static final long PUBLISH_WAIT_SECONDS = 30;

    private final TrainingLoop loop;
    private final ModelRegistry registry;
    private final TrainingOutputs outputs;
    private final TrainingConfig config;
    private final SecurityIdentity identity;

    public TrainingControlResource(TrainingLoop loop, ModelRegistry registry, TrainingOutputs outputs,
                                   TrainingConfig config, SecurityIdentity identity) {
        this.loop = loop;
        this.registry = registry;
        this.outputs = outputs;
        this.config = config;
        this.identity = identity;
    }

    /** Body of a promotion: the version to serve and why. */
    public record Promotion(Long version, String reason) {}

    /** Body of a rollback: why (optional). */
    public record Rollback(String reason) {}

    /** What a publish by hand did. */
    public record Published(String model, long version) {}

    /** Where the champion alias points after a move by hand. */
    public record ChampionMoved(String model, long version, Long previousVersion, String reason) {}

    @POST
    @Path("pause")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Stop learning after the current batch (the status after it)")
    public TrainingStatus pause() {
        loop.pause();
        LOG.infof("Training paused by %s", who());
        return loop.status();
    }

    @POST
    @Path("resume")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Learn again from where training paused (the status after it)")
    public TrainingStatus resume() {
        loop.resume();
        LOG.infof("Training resumed by %s", who());
        return loop.status();
    }

    @POST
    @Path("models/{model}/publish")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Publish a version of the model now, at the end of the batch being learned")
    @APIResponse(responseCode = "200", description = "The version published")
    @APIResponse(responseCode = "404", description = "This trainer does not train the model")
    @APIResponse(responseCode = "409", description = "The trainer is not training (starting, standing by, failed)")
    @APIResponse(responseCode = "503", description = "The registry failed, or no version within 30 s")
    public Response publish(@PathParam("model") String model) {
        Response unknown = unknownModel(model);
        if (unknown != null) {
            return unknown;
        }
        String state = loop.status().state();
        if (!Set.of("training", "paused").contains(state)) {
            return error(Response.Status.CONFLICT, "the trainer is not training (" + state + ": "
                    + loop.status().message() + ")");
        }
        LOG.infof("%s: publish asked by %s", model, who());
        try {
            long version = loop.requestPublish(model).get(PUBLISH_WAIT_SECONDS, TimeUnit.SECONDS);
            return Response.ok(new Published(model, version)).build();
        } catch (ExecutionException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "could not publish " + model + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "the trainer did not publish " + model + " within "
                    + PUBLISH_WAIT_SECONDS + " s; it will when its batch ends");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(Response.Status.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    @PUT
    @Path("models/{model}/champion")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Serve a version: move the champion alias to it, announced with who did it and why")
    @APIResponse(responseCode = "200", description = "Where the champion points now, and where it pointed")
    @APIResponse(responseCode = "400", description = "No version in the body")
    @APIResponse(responseCode = "404", description = "No such model or version")
    @APIResponse(responseCode = "409", description = "The alias moved meanwhile, or the version cannot be used")
    @APIResponse(responseCode = "422", description = "A version number below 1")
    public Response promote(@PathParam("model") String model, Promotion promotion) {
        Response unknown = unknownModel(model);
        if (unknown != null) {
            return unknown;
        }
        if (promotion == null || promotion.version() == null) {
            return error(Response.Status.BAD_REQUEST, "the body needs the version to promote: {\"version\": 7, \"reason\": \"...\"}");
        }
        if (promotion.version() < 1) {
            return error(UNPROCESSABLE, "versions are numbered from 1; there is no version " + promotion.version());
        }
        if (registry.manifest(model, promotion.version()).isEmpty()) {
            return error(Response.Status.NOT_FOUND, "model '" + model + "' has no version " + promotion.version());
        }
        Long before = registry.alias(model, ModelRegistry.CHAMPION).map(AliasRef::version).orElse(null);
        String reason = "promoted by " + who() + (blank(promotion.reason()) ? "" : ": " + promotion.reason());
        return moved(model, registry.promote(model, ModelRegistry.CHAMPION, promotion.version(), reason), before);
    }

    @POST
    @Path("models/{model}/rollback")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Serve the version the champion pointed at before its last move")
    @APIResponse(responseCode = "200", description = "Where the champion points now, and where it pointed")
    @APIResponse(responseCode = "404", description = "This trainer does not train the model")
    @APIResponse(responseCode = "409", description = "No earlier champion to go back to")
    public Response rollback(@PathParam("model") String model, Rollback rollback) {
        Response unknown = unknownModel(model);
        if (unknown != null) {
            return unknown;
        }
        Long before = registry.alias(model, ModelRegistry.CHAMPION).map(AliasRef::version).orElse(null);
        try {
            String reason = "rolled back by " + who() + (rollback == null || blank(rollback.reason()) ? ""
                    : ": " + rollback.reason());
            return moved(model, registry.rollback(model, ModelRegistry.CHAMPION, reason), before);
        } catch (AliasNotFoundException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    private Response moved(String model, AliasRef moved, Long before) {
        String reason = moved.record().reason();
        LOG.infof("%s: champion moved by hand from version %s to %d (%s)", model, before, moved.version(), reason);
        outputs.announce(ModelEvent.aliasMoved(model, moved, before));
        return Response.ok(new ChampionMoved(model, moved.version(), before, reason)).build();
    }

    /** A 404 for a model this service does not train, or null. */
    private Response unknownModel(String model) {
        boolean known = config.trainedModels().stream().map(config::modelName).anyMatch(model::equals);
        return known ? null : error(Response.Status.NOT_FOUND, "unknown model '" + model + "'; this trainer trains "
                + config.trainedModels().stream().map(config::modelName).toList());
    }

    private String who() {
        return identity.getPrincipal().getName();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static final int UNPROCESSABLE = 422;

    private static Response error(Response.Status status, String message) {
        return error(status.getStatusCode(), message);
    }

    private static Response error(int status, String message) {
        return Response.status(status).entity(new ErrorResponse(message)).type(MediaType.APPLICATION_JSON).build();
    }

    /** The registry unreachable: 503 with its message, never a bare 500. */
    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response registryFailed(RegistryException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, "the model registry failed: " + e.getMessage());
    }

    /** S3 unreachable. */
    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response storeFailed(dev.freshet.registry.store.StoreException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, "the model registry's store failed: " + e.getMessage());
    }

    /** A version whose manifest or artifact cannot be read: it cannot be champion, and nothing moved. */
    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response unusableVersion(dev.freshet.registry.ModelLoadException e) {
        return error(Response.Status.CONFLICT, "that version cannot be used: " + e.getMessage() + "; nothing moved");
    }

    /** A name or number the registry refuses (a model name it cannot hold): the request's fault, never a 500. */
    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response refusedByRegistry(IllegalArgumentException e) {
        return error(UNPROCESSABLE, e.getMessage());
    }

    /** Someone else moved the champion at the same moment. */
    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response moveConflict(dev.freshet.registry.AliasConflictException e) {
        return error(Response.Status.CONFLICT, "the champion moved meanwhile; ask again: " + e.getMessage());
    }
}

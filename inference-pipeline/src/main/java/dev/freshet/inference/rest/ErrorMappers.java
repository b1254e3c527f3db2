package dev.freshet.inference.rest;

import dev.freshet.contract.ErrorResponse;
import dev.freshet.inference.serve.InvalidInputException;
import dev.freshet.inference.serve.ModelNotFoundException;
import dev.freshet.inference.serve.ModelNotReadyException;
import dev.freshet.registry.ModelLoadException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure as a JSON error with the status that says whose it is: the caller's (4xx) or ours (5xx). */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return error(Response.Status.BAD_REQUEST.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(ModelNotFoundException e) {
        return error(Response.Status.NOT_FOUND.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notReady(ModelNotReadyException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unloadable(ModelLoadException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), "this version cannot be served: " + e.getMessage());
    }

    /** JAX-RS' own: unknown path (404), wrong method (405), media type (415), body too large (413)... */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 413 -> "the body is too large";
            case 415 -> "unsupported media type; send application/json";
            default -> e.getMessage();
        };
        return error(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected failure answering a request", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(), "internal error: " + e.getClass().getSimpleName());
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorResponse(message)).build();
    }
}

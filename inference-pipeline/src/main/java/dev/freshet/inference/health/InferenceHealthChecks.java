package dev.freshet.inference.health;

import dev.freshet.inference.serve.ModelServer;
import dev.freshet.inference.serve.WarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every served model has a version loaded and the warm-up is over: until then a load balancer sends
 * nothing here.
 */
@Readiness
@ApplicationScoped
public class InferenceHealthChecks implements HealthCheck {

    private final ModelServer server;
    private final WarmUp warmUp;

    public InferenceHealthChecks(ModelServer server, WarmUp warmUp) {
        this.server = server;
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("models loaded")
                .status(warmUp.serviceReady());
        server.all().forEach(m -> {
            builder.withData(m.name(), m.current().map(c -> "version " + c.version())
                    .orElse("none loaded" + m.lastLoad().map(r -> r.error() == null ? "" : ": " + r.error()).orElse("")));
        });
        WarmUp.Report warm = warmUp.report();
        builder.withData("warm-up", warmUp.done() ? "done: " + warm.answered() + " answered, " + warm.failed() + " failed"
                + (warm.timedOut() ? ", timed out" : "") : warm.answered() + " of " + warm.requests() + " answered");
        return builder.build();
    }
}

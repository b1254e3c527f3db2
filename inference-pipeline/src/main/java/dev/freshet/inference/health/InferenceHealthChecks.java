package dev.freshet.inference.health;

import dev.freshet.inference.serve.ModelServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every served model has a version loaded: until then a load balancer sends nothing here. */
@Readiness
@ApplicationScoped
public class InferenceHealthChecks implements HealthCheck {

    private final ModelServer server;

    public InferenceHealthChecks(ModelServer server) {
        this.server = server;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("models loaded").status(server.ready());
        server.all().forEach(m -> {
            builder.withData(m.name(), m.current().map(c -> "version " + c.version())
                    .orElse("none loaded" + m.lastLoad().map(r -> r.error() == null ? "" : ": " + r.error()).orElse("")));
        });
        return builder.build();
    }
}

package dev.freshet.training.health;

import dev.freshet.registry.quarkus.RegistryProbe;
import dev.freshet.training.loop.TrainingLoop;
import dev.freshet.training.status.TrainingStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Liveness: the training loop runs (training, paused, standing by or starting), not failed. Readiness: it trains,
 * is paused by request or stands by, i.e. it is past its start; and the registry it publishes to answers.
 */
@ApplicationScoped
public class TrainingHealthChecks {

    private final TrainingLoop loop;
    private final RegistryProbe registry;

    public TrainingHealthChecks(TrainingLoop loop, RegistryProbe registry) {
        this.loop = loop;
        this.registry = registry;
    }

    @Liveness
    HealthCheck loopAlive() {
        return () -> response("training-loop", !"failed".equals(loop.status().state()));
    }

    @Readiness
    HealthCheck training() {
        return () -> {
            String state = loop.status().state();
            return response("training", "training".equals(state) || "paused".equals(state) || "standby".equals(state));
        };
    }

    @Readiness
    HealthCheck registry() {
        return registry::check;
    }

    private HealthCheckResponse response(String name, boolean up) {
        TrainingStatus status = loop.status();
        return HealthCheckResponse.named(name).status(up).withData("state", status.state())
                .withData("message", status.message()).build();
    }
}

package dev.freshet.inference.health;

import dev.freshet.registry.quarkus.RegistryProbe;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the registry answers, on {@code /q/health} and {@code /q/health/well}. Not a readiness check: inference
 * serves the versions it has loaded through a registry outage, and an unready pod would be taken out of traffic.
 */
@Wellness
@ApplicationScoped
public class RegistryHealthCheck implements HealthCheck {

    private final RegistryProbe registry;

    public RegistryHealthCheck(RegistryProbe registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return registry.check();
    }
}

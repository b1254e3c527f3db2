package dev.freshet.inference.config;

import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The registry client inference reads versions from. */
@ApplicationScoped
public class InferenceProducers {

    @Produces
    @ApplicationScoped
    ModelRegistry modelRegistry(InferenceConfig config) {
        return config.registry().open(RegistrySettings.defaults());
    }
}

package dev.freshet.inference.config;

import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.store.MinioObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The registry client inference reads versions from. */
@ApplicationScoped
public class InferenceProducers {

    @Produces
    @ApplicationScoped
    ModelRegistry modelRegistry(InferenceConfig config) {
        InferenceConfig.Registry r = config.registry();
        return new ModelRegistry(MinioObjectStore.connect(r.endpoint(), r.accessKey(), r.secretKey(), r.region(),
                r.bucket()), RegistrySettings.defaults());
    }
}

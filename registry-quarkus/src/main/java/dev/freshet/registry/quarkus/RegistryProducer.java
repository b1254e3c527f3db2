package dev.freshet.registry.quarkus;

import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.store.MinioObjectStore;
import io.minio.MinioClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's {@link ModelRegistry}, over the extension's {@link MinioClient}; at start, a refusal of an endpoint
 * whose scheme the client would not speak.
 */
@ApplicationScoped
public class RegistryProducer {

    private final Optional<String> endpoint;
    private final boolean secure;

    public RegistryProducer(@ConfigProperty(name = "quarkus.minio.host") Optional<String> endpoint,
                            @ConfigProperty(name = "quarkus.minio.secure", defaultValue = "true") boolean secure) {
        this.endpoint = endpoint;
        this.secure = secure;
    }

    /** Before the services' own start-up observers: nothing starts over a registry it could not speak to. */
    void onStart(@Observes @Priority(1) StartupEvent start) {
        endpoint.ifPresent(url -> checkScheme(url, secure));
    }

    @Produces
    @ApplicationScoped
    ModelRegistry modelRegistry(MinioClient client, RegistryConfig config) {
        return new ModelRegistry(new MinioObjectStore(client, config.bucket()), RegistrySettings.defaults());
    }

    /**
     * The extension takes the scheme from {@code quarkus.minio.secure}, not from the URL: an {@code https} endpoint
     * with secure off would be spoken to in plain HTTP (and the reverse), failing later with a less clear error.
     */
    static void checkScheme(String endpoint, boolean secure) {
        String url = endpoint.trim().toLowerCase(Locale.ROOT);
        if (url.startsWith("https://") && !secure) {
            throw new ConfigurationException("the registry's S3 endpoint " + endpoint
                    + " is https but quarkus.minio.secure is false: set S3_SECURE=true (QUARKUS_MINIO_SECURE)");
        }
        if (url.startsWith("http://") && secure) {
            throw new ConfigurationException("the registry's S3 endpoint " + endpoint
                    + " is plain http but quarkus.minio.secure is true: set S3_SECURE=false (QUARKUS_MINIO_SECURE)");
        }
    }
}

package dev.freshet.registry.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which bucket holds the registry. Where S3 is and the credentials are the extension's: {@code quarkus.minio.host},
 * {@code access-key}, {@code secret-key}, {@code region} and {@code secure}.
 */
@ConfigMapping(prefix = "freshet.registry")
public interface RegistryConfig {

    /** The bucket; created by the trainer at its first publish. */
    @WithDefault("freshet-models")
    String bucket();
}

package dev.freshet.registry;

import dev.freshet.registry.store.MinioObjectStore;

/**
 * Where a service's model registry lives and how to reach it: the S3 endpoint, its credentials and region, and
 * the bucket. The services' typed configurations extend it (with their defaults), so that both open the registry
 * one way.
 */
public interface RegistryConnection {

    String endpoint();

    String accessKey();

    String secretKey();

    String region();

    String bucket();

    /** A registry client over this connection. */
    default ModelRegistry open(RegistrySettings settings) {
        return new ModelRegistry(MinioObjectStore.connect(endpoint(), accessKey(), secretKey(), region(), bucket()),
                settings);
    }
}

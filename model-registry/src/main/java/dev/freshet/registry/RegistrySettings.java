package dev.freshet.registry;

import java.util.Set;

/**
 * Registry limits and rules.
 *
 * @param maxArtifactBytes   largest artifact published or loaded
 * @param aliasHistory       previous versions an alias remembers, for rollback
 * @param allowedModelClasses Tribuo model classes that may be loaded; class names are checked before
 *                           Tribuo's loader runs {@code Class.forName} on them
 */
public record RegistrySettings(long maxArtifactBytes, int aliasHistory, Set<String> allowedModelClasses) {

    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 64L * 1024 * 1024;

    public RegistrySettings {
        if (maxArtifactBytes < 1) {
            throw new IllegalArgumentException("maxArtifactBytes must be positive");
        }
        if (aliasHistory < 1) {
            throw new IllegalArgumentException("aliasHistory must be at least 1");
        }
        allowedModelClasses = Set.copyOf(allowedModelClasses);
    }

    /** Freshet's own models, 64 MiB, 20 previous versions per alias. */
    public static RegistrySettings defaults() {
        return new RegistrySettings(DEFAULT_MAX_ARTIFACT_BYTES, 20, Set.of(
                "dev.freshet.learn.model.OnlineLinearModel", "dev.freshet.learn.model.OnlineMlpModel"));
    }

    public RegistrySettings withMaxArtifactBytes(long bytes) {
        return new RegistrySettings(bytes, aliasHistory, allowedModelClasses);
    }

    public RegistrySettings withAllowedModelClasses(Set<String> classes) {
        return new RegistrySettings(maxArtifactBytes, aliasHistory, classes);
    }
}

package dev.freshet.system;

import dev.freshet.featurestore.FeatureStore;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.store.MinioObjectStore;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/** What the system tests look through: the packaged services' jars, and the store and registry they write. */
final class SystemParts {

    private SystemParts() {}

    /** The packaged jar of {@code service} ({@code pipeline}, {@code training}, {@code inference}), set by failsafe. */
    static Path jar(String service) {
        return Path.of(System.getProperty("freshet." + service + ".jar", "missing: run in failsafe after package"));
    }

    static FeatureStore store(InfraEndpoints endpoints) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(endpoints.jdbcUrl());
        ds.setUser(endpoints.dbUser());
        ds.setPassword(endpoints.dbPassword());
        return new FeatureStore(ds);
    }

    /** The registry in the services' default bucket. */
    static ModelRegistry registry(InfraEndpoints endpoints) {
        return new ModelRegistry(MinioObjectStore.connect(endpoints.s3Endpoint().toString(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), endpoints.s3Region(), "freshet-models"), RegistrySettings.defaults());
    }
}

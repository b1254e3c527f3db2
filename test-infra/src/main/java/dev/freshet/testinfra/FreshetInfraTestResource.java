package dev.freshet.testinfra;

import dev.freshet.infra.InfraEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the shared test servers:
 * {@code @QuarkusTestResource(FreshetInfraTestResource.class)} (or {@code @WithTestResource}).
 * Returns the Kafka, datasource and MinIO client keys and fills fields marked {@link InjectFreshetInfra}.
 * Dev Services are build-time settings, so each application turns them off in its own
 * {@code application.properties} ({@code quarkus.devservices.enabled=false}). The servers live as long as the test JVM, so {@link #stop()} leaves them up
 * for the next test class.
 */
public final class FreshetInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private InfraEndpoints endpoints;

    @Override
    public Map<String, String> start() {
        endpoints = SharedInfra.endpoints();
        return config(endpoints);
    }

    /** The configuration a Quarkus service needs to reach {@code endpoints}. */
    public static Map<String, String> config(InfraEndpoints endpoints) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers());
        config.put("quarkus.datasource.db-kind", "postgresql");
        config.put("quarkus.datasource.jdbc.url", endpoints.jdbcUrl());
        config.put("quarkus.datasource.username", endpoints.dbUser());
        config.put("quarkus.datasource.password", endpoints.dbPassword());
        config.put("quarkus.minio.host", endpoints.s3Host());
        config.put("quarkus.minio.port", Integer.toString(endpoints.s3Port()));
        config.put("quarkus.minio.secure", Boolean.toString("https".equals(endpoints.s3Endpoint().getScheme())));
        config.put("quarkus.minio.access-key", endpoints.s3AccessKey());
        config.put("quarkus.minio.secret-key", endpoints.s3SecretKey());
        config.put("quarkus.minio.region", endpoints.s3Region());
        // The same as environment variables, as the services' own S3 settings read them (and ServiceProcess sets them).
        config.putAll(endpoints.asEnvironment());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(endpoints,
                new TestInjector.AnnotatedAndMatchesType(InjectFreshetInfra.class, InfraEndpoints.class));
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; SharedInfra stops the servers when the JVM exits.
    }
}

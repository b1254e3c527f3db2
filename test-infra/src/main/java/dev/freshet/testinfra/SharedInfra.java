package dev.freshet.testinfra;

import dev.freshet.infra.InfraEndpoints;
import dev.freshet.infra.LocalInfra;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The servers of this test JVM: started on first use, shared by every test class, stopped when the
 * JVM exits. The provider is chosen by the system property {@code freshet.infra}: {@code local}
 * (default) or {@code testcontainers}.
 *
 * <p>A {@code @QuarkusTest} loads this class again in Quarkus' own class loader, so its statics are not
 * shared with plain tests. The endpoints therefore live in system properties, and the lock is a
 * string literal, which the JVM interns once for every class loader.
 */
public final class SharedInfra {

    /** System property choosing the provider. */
    public static final String PROVIDER_PROPERTY = "freshet.infra";

    private static final String LOCK = "dev.freshet.testinfra.SharedInfra.lock";
    private static final String ENDPOINT_PREFIX = "freshet.testinfra.endpoint.";
    private static final Logger LOG = Logger.getLogger(SharedInfra.class.getName());

    private SharedInfra() {}

    /** The endpoints, starting the servers the first time in this JVM. */
    public static InfraEndpoints endpoints() {
        synchronized (LOCK) {
            InfraEndpoints started = published();
            if (started != null) {
                return started;
            }
            InfraProvider provider = newProvider();
            long begin = System.nanoTime();
            InfraEndpoints endpoints;
            try {
                endpoints = provider.start();
            } catch (Exception e) {
                provider.stop();
                throw new IllegalStateException("test servers did not start (" + provider.description() + "): "
                        + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(provider::stop, "freshet-test-infra-stop"));
            endpoints.asEnvironment().forEach((key, value) -> System.setProperty(ENDPOINT_PREFIX + key, value));
            LOG.info(() -> String.format(Locale.ROOT, "Test servers up in %.1f s: %s; %s",
                    (System.nanoTime() - begin) / 1e9, provider.description(), endpoints));
            return endpoints;
        }
    }

    private static InfraEndpoints published() {
        Map<String, String> env = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(ENDPOINT_PREFIX)) {
                env.put(name.substring(ENDPOINT_PREFIX.length()), System.getProperty(name));
            }
        }
        return env.isEmpty() ? null : LocalInfra.fromEnvironment(env);
    }

    /** The provider named by {@value #PROVIDER_PROPERTY}. */
    static InfraProvider newProvider() {
        String name = System.getProperty(PROVIDER_PROPERTY, "local").trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "", "local" -> new LocalProcessInfraProvider();
            case "testcontainers" -> new TestcontainersInfraProvider();
            default -> throw new IllegalArgumentException(PROVIDER_PROPERTY + "=" + name
                    + " is not a provider; use 'local' or 'testcontainers'");
        };
    }
}

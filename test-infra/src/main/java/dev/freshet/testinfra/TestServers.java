package dev.freshet.testinfra;

import dev.freshet.infra.InfraSettings;
import dev.freshet.infra.LocalInfra;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Stops and starts the test servers of this JVM, for fault tests: a server stopped here comes back on the
 * same port with its data. Works with the local provider only; under another one, a test calling it is
 * skipped with the reason. Usable from {@code @QuarkusTest} classes too: the settings live in system
 * properties, and the servers' state on disk.
 */
public final class TestServers {

    public static final String KAFKA = "kafka";
    public static final String S3 = "s3";
    public static final String POSTGRES = "postgres";

    private static final String PREFIX = "freshet.testinfra.local.";

    private TestServers() {}

    /** Stops one server ({@link #KAFKA}, {@link #S3} or {@link #POSTGRES}) and waits until its port is free. */
    public static void stop(String server) {
        local().stop(List.of(server));
    }

    /**
     * Freezes one server, its child processes too (PostgreSQL's backends), for {@code duration} with SIGSTOP, then
     * lets it go on with SIGCONT: a stall, with every connection kept open, as a long garbage collection or an
     * overloaded disk makes one.
     */
    public static void pause(String server, java.time.Duration duration) throws InterruptedException {
        long pid = local().status().stream().filter(s -> s.name().equals(server) && s.running()).findFirst()
                .orElseThrow(() -> new IllegalStateException(server + " is not running")).pid();
        List<String> pids = new java.util.ArrayList<>();
        pids.add(Long.toString(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(Long.toString(d.pid()))));
        signal("-STOP", pids);
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            signal("-CONT", pids);
        }
    }

    private static void signal(String signal, List<String> pids) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts every stopped server again and waits until it answers. */
    public static void startStopped() {
        local().up();
    }

    static void publish(InfraSettings settings) {
        System.setProperty(PREFIX + "base-dir", settings.baseDir().toString());
        System.setProperty(PREFIX + "kafka-port", Integer.toString(settings.kafkaPort()));
        System.setProperty(PREFIX + "kafka-controller-port", Integer.toString(settings.kafkaControllerPort()));
        System.setProperty(PREFIX + "s3-port", Integer.toString(settings.s3Port()));
        System.setProperty(PREFIX + "postgres-port", Integer.toString(settings.postgresPort()));
        System.setProperty(PREFIX + "s3-access-key", settings.s3AccessKey());
        System.setProperty(PREFIX + "s3-secret-key", settings.s3SecretKey());
        System.setProperty(PREFIX + "database", settings.database());
        System.setProperty(PREFIX + "db-user", settings.dbUser());
        System.setProperty(PREFIX + "db-password", settings.dbPassword());
    }

    private static LocalInfra local() {
        SharedInfra.endpoints();
        String baseDir = System.getProperty(PREFIX + "base-dir");
        Assumptions.assumeTrue(baseDir != null,
                "stopping and starting servers needs the local provider (-Dfreshet.infra=local)");
        return new LocalInfra(new InfraSettings(Path.of(baseDir), port("kafka-port"), port("kafka-controller-port"),
                port("s3-port"), port("postgres-port"), System.getProperty(PREFIX + "s3-access-key"),
                System.getProperty(PREFIX + "s3-secret-key"), System.getProperty(PREFIX + "database"),
                System.getProperty(PREFIX + "db-user"), System.getProperty(PREFIX + "db-password"), false, false));
    }

    private static int port(String name) {
        return Integer.parseInt(System.getProperty(PREFIX + name));
    }
}

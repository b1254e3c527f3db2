package dev.freshet.infra.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One server the launcher runs as a child process: how to prepare its folder, the command that
 * runs it in the foreground, how to tell it is ready, and how to ask it to stop.
 */
public abstract class LocalServer {

    private final String name;
    private final Path dir;

    protected LocalServer(String name, Path baseDir) {
        this.name = name;
        this.dir = baseDir.resolve(name);
    }

    /** Short key, also the name of the server's folder: {@code kafka}, {@code s3}, {@code postgres}. */
    public final String name() {
        return name;
    }

    /** The server's folder under the launcher's base folder. */
    public final Path dir() {
        return dir;
    }

    /** Everything the server prints goes here. */
    public final Path logFile() {
        return dir.resolve("server.log");
    }

    /** Human name, e.g. "Kafka (KRaft)". */
    public abstract String title();

    /** The ports this server will listen on. */
    public abstract List<PortBinding> ports();

    /** Writes configuration and initialises storage when absent; safe to call again on existing data. */
    public abstract void prepare() throws IOException, InterruptedException;

    /** The command that runs the server in the foreground. */
    public abstract List<String> command();

    /** One short readiness probe; {@code false} while the server is still starting. */
    public abstract boolean isReady();

    /** What clients need to reach this server, as {@link dev.freshet.infra.InfraEndpoints} keys. */
    public abstract Map<String, String> endpoint();

    /** Variables added to the server's environment (credentials go here, never on its command line). */
    public Map<String, String> environment() {
        return Map.of();
    }

    /** How to ask it to stop cleanly. */
    public StopSignal stopSignal() {
        return StopSignal.TERM;
    }

    /** Where this server is reachable, for messages. */
    public abstract String address();
}

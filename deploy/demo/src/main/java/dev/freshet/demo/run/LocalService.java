package dev.freshet.demo.run;

import dev.freshet.infra.server.LocalServer;
import dev.freshet.infra.server.PortBinding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged Freshet service ({@code target/quarkus-app/quarkus-run.jar}) run as a local process, in a
 * folder of its own under the launcher's base folder (log and PID file), like the local servers are.
 * Its settings and credentials reach it as environment variables; it is ready when {@code /q/health/ready}
 * answers 200.
 */
public final class LocalService extends LocalServer {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String title;
    private final Path jar;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;

    /**
     * @param name        folder and key, e.g. {@code training-pipeline}
     * @param environment the service's settings: endpoints, credentials, its own keys; {@code HTTP_PORT} is added
     */
    public LocalService(String name, String title, Path baseDir, Path jar, int port, List<String> jvmOptions,
                        Map<String, String> environment) {
        super(name, baseDir);
        this.title = title;
        this.jar = jar.toAbsolutePath();
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
        Map<String, String> env = new LinkedHashMap<>();
        // The packaged services log JSON for a cluster's collector; a file on a laptop is read by people.
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.putAll(environment);
        env.put("HTTP_PORT", Integer.toString(port));
        this.environment = Map.copyOf(env);
    }

    /** The service's HTTP port. */
    public int port() {
        return port;
    }

    /** Its base URL on this machine. */
    public URI url() {
        return URI.create("http://localhost:" + port + "/");
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public List<PortBinding> ports() {
        return List.of(new PortBinding("HTTP", port, name().toUpperCase().replace('-', '_') + "_PORT"));
    }

    @Override
    public void prepare() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no packaged service at " + jar + ": build it first (make build, or make demo)");
        }
        Files.createDirectories(dir());
    }

    @Override
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url().resolve("q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Map<String, String> endpoint() {
        return Map.of(name().toUpperCase().replace('-', '_') + "_URL", url().toString());
    }

    @Override
    public String address() {
        return url().toString();
    }
}

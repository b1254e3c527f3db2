package dev.freshet.testinfra;

import dev.freshet.infra.InfraEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Freshet service ({@code target/quarkus-app/quarkus-run.jar}) run as a real process against the
 * test servers, for tests that kill and restart it. Its output goes to a log file per start. The jar and log
 * folder come from the system properties {@code freshet.service.jar} and {@code freshet.service.logs}, which
 * failsafe sets for {@code *ProcessIT} classes; its JVM options from {@code freshet.service.jvm-args}
 * (default {@code -Xmx256m}).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the service with the test servers' endpoints and {@code env} on a free HTTP port, and waits until
     * {@code /q/health/ready} answers UP.
     *
     * @param name names the log file, e.g. {@code sink-3}
     */
    public static ServiceProcess start(String name, Map<String, String> env, Duration readyTimeout) {
        String jar = System.getProperty("freshet.service.jar");
        return start(name, jar == null ? null : Path.of(jar), env, readyTimeout);
    }

    /** As {@link #start(String, Map, Duration)}, for the packaged service at {@code jar} (a test of several services). */
    public static ServiceProcess start(String name, Path jar, Map<String, String> env, Duration readyTimeout) {
        if (jar == null || !Files.exists(jar)) {
            throw new IllegalStateException("no packaged service at " + jar
                    + ": ProcessIT tests run in failsafe, after `package`");
        }
        Path logs = Path.of(System.getProperty("freshet.service.logs", "target/process-it-logs"));
        int port = freePort();
        InfraEndpoints endpoints = SharedInfra.endpoints();
        Map<String, String> environment = new HashMap<>(endpoints.asEnvironment());
        environment.put("HTTP_PORT", Integer.toString(port));
        // The tests read the log as text (the packaged services log JSON by default, for a cluster).
        environment.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        environment.putAll(env);
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(System.getProperty("freshet.service.jvm-args", "-Xmx256m").trim().split("\\s+")));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            ServiceProcess service = new ServiceProcess(builder.start(), port, log);
            service.awaitReady(readyTimeout);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " before it was ready; see "
                        + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        kill();
        throw new IllegalStateException("the service was not ready within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no last commit. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: a graceful stop. Waits until the process is gone. */
    public void stop() {
        process.destroy();
        waitFor();
    }

    /** SIGSTOP: the process is frozen where it stands — its connections stay open, it answers nothing. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT: a paused process goes on. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The service's process id (for /proc readings in benchmarks). */
    public long pid() {
        return process.pid();
    }

    /** The HTTP port the service listens on. */
    public int port() {
        return port;
    }

    /** What the service logged so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port free at the time of asking. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

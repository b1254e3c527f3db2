package dev.freshet.infra.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starting, watching and stopping server processes. */
public final class ServerProcesses {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private ServerProcesses() {}

    /**
     * Starts {@code server} in the background with its output appended to its log file.
     *
     * @param detached in a session of its own, so it survives the launcher and a Ctrl-C in its terminal
     */
    public static ProcessHandle start(LocalServer server, boolean detached) throws IOException {
        List<String> command = new ArrayList<>();
        if (detached) {
            // The child of a JVM is never a process-group leader, so setsid execs in place: same PID.
            command.add("setsid");
        }
        command.addAll(server.command());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(server.environment());
        Process process = builder
                .directory(server.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(server.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return process.toHandle();
    }

    /** Waits until the server answers its readiness probe; fails at once if its process dies. */
    public static void awaitReady(LocalServer server, ProcessHandle process, Duration timeout)
            throws TimeoutException, InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (!server.isReady()) {
            if (!process.isAlive()) {
                throw new IOException(server.title() + " exited during start-up. Last lines of "
                        + server.logFile() + ":\n" + tail(server.logFile(), 15));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException(server.title() + " was not ready after " + timeout.toSeconds()
                        + " s. Last lines of " + server.logFile() + ":\n" + tail(server.logFile(), 15));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Stops the process with its clean-stop signal, then forcibly after {@code timeout}, and waits
     * until its ports are released.
     */
    public static void stop(ProcessHandle process, StopSignal signal, List<PortBinding> ports, Duration timeout)
            throws InterruptedException, IOException {
        // A clean stop lets each server end its own workers (PostgreSQL backends); only the forced path kills them.
        signal(process, signal);
        if (!waitForExit(process, timeout)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            if (!waitForExit(process, KILL_GRACE)) {
                throw new IOException("process " + process.pid() + " did not exit after SIGKILL");
            }
        }
        Instant deadline = Instant.now().plus(KILL_GRACE);
        for (PortBinding port : ports) {
            while (Ports.isListening(port.port()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** Runs a short command to completion (formatting storage, initdb), failing with its output. */
    public static void runToCompletion(List<String> command, Path workDir, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("'" + String.join(" ", command) + "' did not finish in " + timeout.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("'" + command.get(0) + "' failed with exit code " + process.exitValue()
                    + ". Last lines of " + log + ":\n" + tail(log, 15));
        }
    }

    /** The last {@code lines} lines of a log, for error messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void signal(ProcessHandle process, StopSignal signal) throws IOException, InterruptedException {
        if (signal == StopSignal.TERM) {
            process.destroy();
            return;
        }
        // ProcessHandle can only send SIGTERM and SIGKILL.
        Process kill = new ProcessBuilder("kill", "-s", signal.name(), Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        kill.waitFor(5, TimeUnit.SECONDS);
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (process.isAlive()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }
}

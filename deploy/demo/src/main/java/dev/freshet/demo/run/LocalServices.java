package dev.freshet.demo.run;

import dev.freshet.infra.InfraException;
import dev.freshet.infra.PortInUseException;
import dev.freshet.infra.server.PortBinding;
import dev.freshet.infra.server.Ports;
import dev.freshet.infra.server.ServerProcesses;
import dev.freshet.infra.server.ServerState;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts the services in order, each once the one before is ready, leaving those that already run alone; stops
 * them in reverse order. What runs is known from each service's PID file (process id and start time, so a
 * reused id is never taken for ours), exactly as for the local servers: both are safe to repeat.
 */
public final class LocalServices {

    /** The services' folder names, in start order. */
    public static final List<String> NAMES = List.of("feature-pipeline", "training-pipeline", "inference-pipeline");

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path baseDir;

    public LocalServices(Path baseDir) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
    }

    /** One service in a report. */
    public record ServiceReport(String name, long pid, String address, Duration startTime, boolean wasRunning) {}

    /**
     * Starts each service that does not run and waits up to {@code readyTimeout} for it; on a failure stops
     * nothing that ran before and throws with the end of the service's log.
     */
    public List<ServiceReport> start(List<LocalService> services, Duration readyTimeout, Consumer<String> progress) {
        return locked(() -> {
            List<ServiceReport> reports = new ArrayList<>();
            for (LocalService service : services) {
                Optional<ServerState> running = liveState(service.name());
                if (running.isPresent()) {
                    reports.add(new ServiceReport(service.name(), running.get().pid(), service.address(),
                            Duration.ZERO, true));
                    continue;
                }
                for (PortBinding port : service.ports()) {
                    if (!Ports.isFree(port.port())) {
                        throw new PortInUseException(port);
                    }
                }
                progress.accept("starting " + service.title() + " on " + service.address() + " ...");
                Instant begin = Instant.now();
                service.prepare();
                ProcessHandle process = ServerProcesses.start(service, true);
                // Recorded before it is ready, so that stop() finds it even if this launcher dies now.
                new ServerState(service.name(), process.pid(), process.info().startInstant().orElseThrow(),
                        service.stopSignal(), service.ports(), service.endpoint()).write(service.dir());
                try {
                    ServerProcesses.awaitReady(service, process, readyTimeout);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new InfraException(e.getMessage(), e);
                }
                reports.add(new ServiceReport(service.name(), process.pid(), service.address(),
                        Duration.between(begin, Instant.now()), false));
            }
            return reports;
        });
    }

    /** Stops every running service, the last started first; returns what was stopped. */
    public List<ServiceReport> stop() {
        return locked(() -> {
            List<ServiceReport> stopped = new ArrayList<>();
            for (int i = NAMES.size() - 1; i >= 0; i--) {
                String name = NAMES.get(i);
                Path dir = baseDir.resolve(name);
                Optional<ServerState> state = ServerState.read(dir);
                Optional<ProcessHandle> process = state.flatMap(ServerState::liveProcess);
                if (process.isPresent()) {
                    ServerProcesses.stop(process.get(), state.get().stopSignal(), state.get().ports(), STOP_TIMEOUT);
                    stopped.add(new ServiceReport(name, state.get().pid(), address(state.get()), Duration.ZERO, true));
                }
                ServerState.delete(dir);
            }
            return stopped;
        });
    }

    /** The services that run now, in start order. */
    public List<ServiceReport> running() {
        List<ServiceReport> running = new ArrayList<>();
        for (String name : NAMES) {
            liveState(name).ifPresent(s -> running.add(new ServiceReport(name, s.pid(), address(s), Duration.ZERO, true)));
        }
        return running;
    }

    /** Where a service's output goes. */
    public Path logFile(String name) {
        return baseDir.resolve(name).resolve("server.log");
    }

    private Optional<ServerState> liveState(String name) {
        return ServerState.read(baseDir.resolve(name)).filter(s -> s.liveProcess().isPresent());
    }

    private static String address(ServerState state) {
        return state.endpoint().values().stream().findFirst().orElse("");
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws IOException, InterruptedException;
    }

    /** One demo launcher at a time per base folder. */
    private <T> T locked(Action<T> action) {
        try {
            Files.createDirectories(baseDir);
            try (FileChannel channel = FileChannel.open(baseDir.resolve(".services.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            throw new InfraException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted", e);
        }
    }
}

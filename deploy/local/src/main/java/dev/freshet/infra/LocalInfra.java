package dev.freshet.infra;

import dev.freshet.infra.server.KafkaServer;
import dev.freshet.infra.server.LocalServer;
import dev.freshet.infra.server.PortBinding;
import dev.freshet.infra.server.Ports;
import dev.freshet.infra.server.PostgresServer;
import dev.freshet.infra.server.S3ProxyServer;
import dev.freshet.infra.server.ServerProcesses;
import dev.freshet.infra.server.ServerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts, stops and reports the three local servers — Kafka (KRaft), S3 (S3Proxy) and PostgreSQL —
 * under one base folder holding each server's data, log and PID file.
 *
 * <p>{@link #up()} starts whatever is not running and leaves running servers alone; {@link #down()}
 * stops whatever runs and waits until its ports are free. Both are safe to repeat.
 */
public final class LocalInfra {

    /** Server keys, in start and report order. */
    public static final List<String> SERVERS = List.of("kafka", "s3", "postgres");

    /** Written by {@link #up()}: the endpoints as {@code KEY=value} lines. */
    public static final String ENV_FILE = "infra.env";

    private static final Map<String, String> TITLES = Map.of(
            "kafka", "Kafka (KRaft)", "s3", "S3 (S3Proxy)", "postgres", "PostgreSQL");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Object JVM_LOCK = new Object();

    private final InfraSettings settings;

    public LocalInfra(InfraSettings settings) {
        this.settings = settings;
    }

    public InfraSettings settings() {
        return settings;
    }

    /** One server in a report. */
    public record ServerReport(String name, String title, long pid, String address, List<PortBinding> ports,
                               Duration startTime, boolean wasRunning) {}

    /** The outcome of {@link #up()}. */
    public record UpResult(InfraEndpoints endpoints, List<ServerReport> servers, Duration elapsed) {
        /** True when nothing had to be started. */
        public boolean wasAlreadyRunning() {
            return servers.stream().allMatch(ServerReport::wasRunning);
        }
    }

    /** Whether a server runs, per its PID file and process table. */
    public record ServerStatus(String name, String title, boolean running, long pid, String address,
                               List<PortBinding> ports) {}

    /** Starts every server that is not running and waits until all answer; returns the endpoints. */
    public UpResult up() {
        return locked(() -> {
            Instant begin = Instant.now();
            Files.createDirectories(settings.baseDir());
            Map<String, ServerState> running = liveStates();
            List<LocalServer> toStart = new ArrayList<>();
            for (LocalServer server : newServers()) {
                if (!running.containsKey(server.name())) {
                    toStart.add(server);
                }
            }
            checkPorts(toStart);

            Map<String, ServerReport> reports = new LinkedHashMap<>();
            running.forEach((name, state) -> reports.put(name, new ServerReport(name, TITLES.get(name), state.pid(),
                    address(state), state.ports(), Duration.ZERO, true)));
            reports.putAll(startAll(toStart));

            Map<String, String> env = new LinkedHashMap<>();
            liveStates().values().forEach(state -> env.putAll(state.endpoint()));
            writeEnvFile(env);
            List<ServerReport> ordered = SERVERS.stream().map(reports::get).toList();
            return new UpResult(fromEnvironment(env), ordered, Duration.between(begin, Instant.now()));
        });
    }

    /** Stops every running server and waits until its ports are free; returns what was stopped. */
    public List<ServerReport> down() {
        return stop(SERVERS);
    }

    /**
     * Stops the named servers (of {@link #SERVERS}) and waits until their ports are free; the others keep
     * running and {@link #up()} starts the stopped ones again on their data. Returns what was stopped.
     */
    public List<ServerReport> stop(List<String> servers) {
        for (String name : servers) {
            if (!SERVERS.contains(name)) {
                throw new IllegalArgumentException("no server '" + name + "': the servers are " + SERVERS);
            }
        }
        boolean all = servers.containsAll(SERVERS);
        return locked(() -> {
            List<ServerReport> stopped = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(SERVERS.size());
            try {
                Map<String, Future<?>> stops = new LinkedHashMap<>();
                for (String name : servers) {
                    Path dir = settings.baseDir().resolve(name);
                    Optional<ServerState> state = ServerState.read(dir);
                    Optional<ProcessHandle> process = state.flatMap(ServerState::liveProcess);
                    if (process.isPresent()) {
                        ServerState s = state.get();
                        stops.put(name, pool.submit(() -> {
                            ServerProcesses.stop(process.get(), s.stopSignal(), s.ports(), STOP_TIMEOUT);
                            return null;
                        }));
                        stopped.add(new ServerReport(name, TITLES.get(name), s.pid(), address(s), s.ports(),
                                Duration.ZERO, true));
                    }
                    if (state.isPresent() && process.isEmpty()) {
                        ServerState.delete(dir); // stale: the process is gone already
                    }
                }
                List<String> failures = new ArrayList<>();
                for (Map.Entry<String, Future<?>> stop : stops.entrySet()) {
                    try {
                        stop.getValue().get();
                        ServerState.delete(settings.baseDir().resolve(stop.getKey()));
                    } catch (ExecutionException e) {
                        failures.add(TITLES.get(stop.getKey()) + ": " + e.getCause().getMessage());
                    }
                }
                if (!failures.isEmpty()) {
                    throw new InfraException("could not stop " + String.join("; ", failures));
                }
            } finally {
                pool.shutdownNow();
            }
            if (all) {
                Files.deleteIfExists(settings.baseDir().resolve(ENV_FILE));
            }
            return stopped;
        });
    }

    /**
     * These settings with every port 0 ("any free port") replaced by the port the running server took, so that
     * a server stopped and started again comes back where its clients look for it.
     */
    public InfraSettings pinnedToRunningPorts() {
        Map<String, Integer> ports = new HashMap<>();
        liveStates().values().forEach(state -> state.ports().forEach(p -> ports.put(p.variable(), p.port())));
        return new InfraSettings(settings.baseDir(),
                pin(settings.kafkaPort(), ports.get("KAFKA_PORT")),
                pin(settings.kafkaControllerPort(), ports.get("KAFKA_CONTROLLER_PORT")),
                pin(settings.s3Port(), ports.get("S3_PORT")), pin(settings.postgresPort(), ports.get("PG_PORT")),
                settings.s3AccessKey(), settings.s3SecretKey(), settings.database(), settings.dbUser(),
                settings.dbPassword(), settings.durable(), settings.detached());
    }

    private static int pin(int configured, Integer running) {
        return configured == 0 && running != null ? running : configured;
    }

    /** Each server's state, read from its PID file and the process table. */
    public List<ServerStatus> status() {
        List<ServerStatus> statuses = new ArrayList<>();
        for (String name : SERVERS) {
            Optional<ServerState> state = ServerState.read(settings.baseDir().resolve(name));
            boolean running = state.flatMap(ServerState::liveProcess).isPresent();
            statuses.add(new ServerStatus(name, TITLES.get(name), running,
                    state.map(ServerState::pid).orElse(-1L), state.map(LocalInfra::address).orElse(""),
                    state.map(ServerState::ports).orElse(List.of())));
        }
        return statuses;
    }

    /** The endpoints of the running servers, when all of them run. */
    public Optional<InfraEndpoints> endpoints() {
        Map<String, ServerState> live = liveStates();
        if (live.size() != SERVERS.size()) {
            return Optional.empty();
        }
        Map<String, String> env = new HashMap<>();
        live.values().forEach(state -> env.putAll(state.endpoint()));
        return Optional.of(fromEnvironment(env));
    }

    /** Builds endpoints from the variables in {@link InfraEndpoints#asEnvironment()}. */
    public static InfraEndpoints fromEnvironment(Map<String, String> env) {
        return new InfraEndpoints(env.get("KAFKA_BOOTSTRAP_SERVERS"), java.net.URI.create(env.get("S3_ENDPOINT")),
                env.get("S3_ACCESS_KEY"), env.get("S3_SECRET_KEY"), env.get("S3_REGION"), env.get("DB_JDBC_URL"),
                env.get("DB_USER"), env.get("DB_PASSWORD"));
    }

    private List<LocalServer> newServers() {
        Path base = settings.baseDir();
        return List.of(
                new KafkaServer(base, Ports.resolve(settings.kafkaPort()), Ports.resolve(settings.kafkaControllerPort())),
                new S3ProxyServer(base, Ports.resolve(settings.s3Port()), settings.s3AccessKey(), settings.s3SecretKey()),
                new PostgresServer(base, Ports.resolve(settings.postgresPort()), settings.database(), settings.dbUser(),
                        settings.dbPassword(), settings.durable()));
    }

    private static void checkPorts(List<LocalServer> servers) {
        Map<Integer, PortBinding> seen = new HashMap<>();
        for (LocalServer server : servers) {
            for (PortBinding binding : server.ports()) {
                PortBinding earlier = seen.putIfAbsent(binding.port(), binding);
                if (earlier != null) {
                    throw new InfraException("Port " + binding.port() + " is given to both " + earlier.variable()
                            + " and " + binding.variable() + ": each server needs a port of its own.");
                }
                if (!Ports.isFree(binding.port())) {
                    throw new PortInUseException(binding);
                }
            }
        }
    }

    /** Starts the servers in parallel; on any failure stops those it started and throws. */
    private Map<String, ServerReport> startAll(List<LocalServer> servers) throws InterruptedException {
        Map<String, ServerReport> reports = new LinkedHashMap<>();
        if (servers.isEmpty()) {
            return reports;
        }
        ExecutorService pool = Executors.newFixedThreadPool(servers.size());
        try {
            Map<LocalServer, Future<ServerReport>> starts = new LinkedHashMap<>();
            for (LocalServer server : servers) {
                starts.put(server, pool.submit(startOne(server)));
            }
            List<String> failures = new ArrayList<>();
            for (Map.Entry<LocalServer, Future<ServerReport>> start : starts.entrySet()) {
                try {
                    ServerReport report = start.getValue().get();
                    reports.put(report.name(), report);
                } catch (ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
            if (!failures.isEmpty()) {
                for (LocalServer server : servers) {
                    stopQuietly(server.dir());
                }
                throw new InfraException("Could not start the local servers:\n" + String.join("\n", failures));
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<ServerReport> startOne(LocalServer server) {
        return () -> {
            Instant begin = Instant.now();
            Files.createDirectories(server.dir());
            try {
                server.prepare();
            } catch (IOException e) {
                throw new IOException(server.title() + ": " + e.getMessage(), e);
            }
            ProcessHandle process = ServerProcesses.start(server, settings.detached());
            // Recorded before it is ready, so that down() finds it even if this launcher dies now.
            ServerState state = new ServerState(server.name(), process.pid(),
                    process.info().startInstant().orElseThrow(), server.stopSignal(), server.ports(), server.endpoint());
            state.write(server.dir());
            ServerProcesses.awaitReady(server, process, READY_TIMEOUT);
            return new ServerReport(server.name(), server.title(), process.pid(), server.address(), server.ports(),
                    Duration.between(begin, Instant.now()), false);
        };
    }

    private static void stopQuietly(Path serverDir) {
        Optional<ServerState> state = ServerState.read(serverDir);
        try {
            Optional<ProcessHandle> process = state.flatMap(ServerState::liveProcess);
            if (process.isPresent()) {
                ServerProcesses.stop(process.get(), state.get().stopSignal(), state.get().ports(), STOP_TIMEOUT);
            }
            ServerState.delete(serverDir);
        } catch (IOException e) {
            // Best effort while reporting another failure; down() will find it by its PID file.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, ServerState> liveStates() {
        Map<String, ServerState> live = new LinkedHashMap<>();
        for (String name : SERVERS) {
            ServerState.read(settings.baseDir().resolve(name))
                    .filter(state -> state.liveProcess().isPresent())
                    .ifPresent(state -> live.put(name, state));
        }
        return live;
    }

    private static String address(ServerState state) {
        Map<String, String> e = state.endpoint();
        return e.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", e.getOrDefault("S3_ENDPOINT", e.getOrDefault("DB_JDBC_URL", "")));
    }

    private void writeEnvFile(Map<String, String> env) throws IOException {
        Path file = settings.baseDir().resolve(ENV_FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("# Endpoints of the local servers, written by the launcher.\n");
            for (Map.Entry<String, String> entry : env.entrySet()) {
                out.write(entry.getKey() + "=" + entry.getValue() + "\n");
            }
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws IOException, InterruptedException;
    }

    /** One launcher at a time per base folder: in this JVM by a monitor, across processes by a file lock. */
    private <T> T locked(Action<T> action) {
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(settings.baseDir());
                try (FileChannel channel = FileChannel.open(settings.baseDir().resolve(".launcher.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    return action.run();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfraException("interrupted", e);
            }
        }
    }
}

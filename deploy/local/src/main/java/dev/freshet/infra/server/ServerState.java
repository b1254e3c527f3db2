package dev.freshet.infra.server;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The PID file of a running server, with what is needed to stop it safely and to reach it: the
 * process start time (so a reused PID is never mistaken for ours), its ports and its endpoint.
 * Kept in {@code <server dir>/server.pid}, readable by the owner only (it holds credentials).
 */
public record ServerState(
        String name, long pid, Instant processStart, StopSignal stopSignal,
        List<PortBinding> ports, Map<String, String> endpoint) {

    public static final String FILE_NAME = "server.pid";

    public static Path file(Path serverDir) {
        return serverDir.resolve(FILE_NAME);
    }

    /** The live process this state describes, if it still runs (same PID and same start time). */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(processStart::equals).orElse(false));
    }

    public void write(Path serverDir) throws IOException {
        Properties props = new Properties();
        props.setProperty("name", name);
        props.setProperty("pid", Long.toString(pid));
        props.setProperty("process.start", processStart.toString());
        props.setProperty("stop.signal", stopSignal.name());
        for (int i = 0; i < ports.size(); i++) {
            PortBinding port = ports.get(i);
            props.setProperty("port." + i + ".purpose", port.purpose());
            props.setProperty("port." + i + ".number", Integer.toString(port.port()));
            props.setProperty("port." + i + ".variable", port.variable());
        }
        endpoint.forEach((key, value) -> props.setProperty("endpoint." + key, value));

        Path tmp = serverDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(tmp)) {
            props.store(out, "Freshet local server; written by the launcher, removed when it stops");
        }
        Files.move(tmp, file(serverDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The state in {@code serverDir}, or empty when there is none or it cannot be read. */
    public static Optional<ServerState> read(Path serverDir) {
        Path file = file(serverDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
            List<PortBinding> ports = new ArrayList<>();
            for (int i = 0; props.containsKey("port." + i + ".number"); i++) {
                ports.add(new PortBinding(props.getProperty("port." + i + ".purpose"),
                        Integer.parseInt(props.getProperty("port." + i + ".number")),
                        props.getProperty("port." + i + ".variable")));
            }
            Map<String, String> endpoint = new LinkedHashMap<>();
            props.stringPropertyNames().stream().filter(k -> k.startsWith("endpoint.")).sorted()
                    .forEach(k -> endpoint.put(k.substring("endpoint.".length()), props.getProperty(k)));
            return Optional.of(new ServerState(props.getProperty("name"),
                    Long.parseLong(props.getProperty("pid")),
                    Instant.parse(props.getProperty("process.start")),
                    StopSignal.valueOf(props.getProperty("stop.signal")), List.copyOf(ports), endpoint));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static void delete(Path serverDir) throws IOException {
        Files.deleteIfExists(file(serverDir));
    }
}

package dev.freshet.testinfra;

import dev.freshet.infra.InfraEndpoints;
import dev.freshet.infra.InfraSettings;
import dev.freshet.infra.LocalInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The default provider: the deploy/local launcher, with real server processes on free ports and
 * throw-away data in {@code <tmp>/freshet-test-infra/run-<pid>}. Runs left behind by a test JVM that
 * was killed are stopped and removed before a new run starts.
 */
public final class LocalProcessInfraProvider implements InfraProvider {

    /** Parent of every test run's folder. */
    static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "freshet-test-infra");

    private final Path runDir = ROOT.resolve("run-" + ProcessHandle.current().pid());
    private LocalInfra infra;

    @Override
    public InfraEndpoints start() throws IOException {
        reapAbandonedRuns(ROOT);
        infra = new LocalInfra(InfraSettings.forTests(runDir));
        // Never wipe the folder of servers that still run: stop them first.
        infra.down();
        deleteTree(runDir);
        InfraEndpoints endpoints = infra.up().endpoints();
        // From now on a server stopped by a fault test comes back on the same port.
        infra = new LocalInfra(infra.pinnedToRunningPorts());
        TestServers.publish(infra.settings());
        return endpoints;
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.down();
            deleteQuietly(runDir);
        }
    }

    @Override
    public String description() {
        return "local server processes in " + runDir;
    }

    /** A run whose test JVM is gone: its servers are orphans, stop them and free the disk. */
    static void reapAbandonedRuns(Path root) throws IOException {
        Files.createDirectories(root);
        try (Stream<Path> runs = Files.list(root)) {
            for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                if (ownerAlive(run).orElse(false)) {
                    continue;
                }
                new LocalInfra(InfraSettings.forTests(run)).down();
                deleteQuietly(run);
            }
        }
    }

    private static Optional<Boolean> ownerAlive(Path run) {
        try {
            long pid = Long.parseLong(run.getFileName().toString().substring("run-".length()));
            return Optional.of(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            // Left for the next run's reaper.
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.freshet.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.infra.server.PortBinding;
import dev.freshet.infra.server.ServerState;
import dev.freshet.infra.server.StopSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test JVM killed mid-run leaves servers behind; the next run stops them and removes their folder. */
class AbandonedRunReaperTest {

    @TempDir
    Path root;

    @Test
    void serversOfADeadTestJvmAreStoppedAndTheirFolderRemoved() throws Exception {
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor(10, TimeUnit.SECONDS);
        Process orphan = new ProcessBuilder("sleep", "300").start();
        Path abandoned = Files.createDirectories(root.resolve("run-" + deadOwner.pid()).resolve("s3"));
        writeState(abandoned, orphan.toHandle());

        Process liveOrphanOwner = new ProcessBuilder("sleep", "300").start();
        Process keep = new ProcessBuilder("sleep", "300").start();
        Path live = Files.createDirectories(root.resolve("run-" + liveOrphanOwner.pid()).resolve("s3"));
        writeState(live, keep.toHandle());
        try {
            LocalProcessInfraProvider.reapAbandonedRuns(root);

            assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("orphan stopped").isTrue();
            assertThat(abandoned.getParent()).doesNotExist();
            assertThat(keep.isAlive()).as("a live run is left alone").isTrue();
            assertThat(live).exists();
        } finally {
            orphan.destroyForcibly();
            keep.destroyForcibly();
            liveOrphanOwner.destroyForcibly();
        }
    }

    private static void writeState(Path serverDir, ProcessHandle process) throws Exception {
        new ServerState("s3", process.pid(), process.info().startInstant().orElseThrow(), StopSignal.TERM,
                List.<PortBinding>of(), Map.of()).write(serverDir);
    }
}

package dev.freshet.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.infra.cli.InfraCommand;
import dev.freshet.infra.server.Ports;
import dev.freshet.infra.server.ServerState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The behaviour `make infra-up`, `make infra-down` and `make infra-status` promise, through the same
 * command line, with real servers: up, up again, status, down, down again, restart on kept data,
 * a server that died, and a port that is taken.
 */
class InfraCommandIT {

    @TempDir
    Path dir;

    private int kafkaPort;
    private int controllerPort;
    private int s3Port;
    private int pgPort;

    @BeforeEach
    void pickPorts() {
        kafkaPort = Ports.freePort();
        controllerPort = Ports.freePort();
        s3Port = Ports.freePort();
        pgPort = Ports.freePort();
    }

    @AfterEach
    void leaveNothingRunning() {
        run("down");
    }

    @Test
    void upTwiceThenDownTwiceLeavesNoProcessAndNoPort() throws Exception {
        Result up = run("up");
        assertThat(up.exit).as(up.text()).isZero();
        assertThat(up.out).contains("Kafka (KRaft)", "S3 (S3Proxy)", "PostgreSQL", "Up in");
        List<ProcessHandle> processes = liveServerProcesses();
        assertThat(processes).hasSize(3);
        assertThat(ports()).allMatch(Ports::isListening);
        Path envFile = dir.resolve(LocalInfra.ENV_FILE);
        assertThat(Files.readString(envFile)).contains("KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:" + kafkaPort,
                "S3_ENDPOINT=http://127.0.0.1:" + s3Port, "DB_JDBC_URL=jdbc:postgresql://127.0.0.1:" + pgPort);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile))).isEqualTo("rw-------");

        Result again = run("up");
        assertThat(again.exit).isZero();
        assertThat(again.out).contains("Already up");
        assertThat(liveServerProcesses()).extracting(ProcessHandle::pid)
                .containsExactlyInAnyOrderElementsOf(processes.stream().map(ProcessHandle::pid).toList());

        Result status = run("status");
        assertThat(status.exit).isZero();
        assertThat(status.out.lines().filter(l -> l.contains("running"))).hasSize(3);

        Result down = run("down");
        assertThat(down.exit).as(down.text()).isZero();
        assertThat(down.out).contains("Stopped");
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(ports()).noneMatch(Ports::isListening);
        assertThat(ports()).allMatch(Ports::isFree);
        assertThat(envFile).doesNotExist();

        Result downAgain = run("down");
        assertThat(downAgain.exit).isZero();
        assertThat(downAgain.out).contains("Nothing running");
        assertThat(run("status").out.lines().filter(l -> l.contains("stopped"))).hasSize(3);
    }

    @Test
    void dataSurvivesRestartAndOnlyTheDeadServerIsStartedAgain() throws Exception {
        assertThat(run("up").exit).isZero();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v int)");
            s.execute("INSERT INTO kept VALUES (42)");
        }
        assertThat(run("down").exit).isZero();
        assertThat(run("up").exit).isZero();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }

        ServerState s3 = ServerState.read(dir.resolve("s3")).orElseThrow();
        ProcessHandle s3Process = s3.liveProcess().orElseThrow();
        long kafkaPid = ServerState.read(dir.resolve("kafka")).orElseThrow().pid();
        s3Process.destroyForcibly();
        s3Process.onExit().join();
        assertThat(run("status").out).containsPattern("S3 \\(S3Proxy\\)\\s+stopped");

        Result up = run("up");
        assertThat(up.exit).as(up.text()).isZero();
        assertThat(up.out).containsPattern("Kafka \\(KRaft\\)\\s+was already running");
        assertThat(up.out).containsPattern("S3 \\(S3Proxy\\)\\s+up in");
        assertThat(ServerState.read(dir.resolve("kafka")).orElseThrow().pid()).isEqualTo(kafkaPid);
        assertThat(Ports.isListening(s3Port)).isTrue();
    }

    @Test
    void portTakenIsNamedWithItsVariableAndNothingIsStarted() throws Exception {
        try (ServerSocket taken = new ServerSocket(s3Port)) {
            Result up = run("up");
            assertThat(up.exit).isEqualTo(InfraCommand.EXIT_PORT_IN_USE);
            assertThat(up.err).contains("Port " + s3Port, "S3_PORT=", "already in use");
        }
        assertThat(liveServerProcesses()).isEmpty();
        assertThat(List.of(kafkaPort, controllerPort, pgPort)).allMatch(Ports::isFree);
    }

    @Test
    void stalePidFileOfAReusedPidIsNotMistakenForAServer() throws Exception {
        Path kafkaDir = Files.createDirectories(dir.resolve("kafka"));
        ProcessHandle self = ProcessHandle.current();
        // Our own PID, but a different start time: what a reused PID looks like.
        new ServerState("kafka", self.pid(), self.info().startInstant().orElseThrow().minusSeconds(60),
                dev.freshet.infra.server.StopSignal.TERM, List.of(), Map.of()).write(kafkaDir);
        assertThat(ServerState.read(kafkaDir).orElseThrow().liveProcess()).isEmpty();
        Result down = run("down");
        assertThat(down.out).contains("Nothing running");
        assertThat(self.isAlive()).isTrue();
        assertThat(ServerState.file(kafkaDir)).doesNotExist();
    }

    private List<Integer> ports() {
        return List.of(kafkaPort, controllerPort, s3Port, pgPort);
    }

    private List<ProcessHandle> liveServerProcesses() {
        List<ProcessHandle> live = new ArrayList<>();
        for (String name : LocalInfra.SERVERS) {
            ServerState.read(dir.resolve(name)).flatMap(ServerState::liveProcess).ifPresent(live::add);
        }
        return live;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/freshet", "freshet", "pw");
    }

    private Result run(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = InfraCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = Stream.of(List.of(command, "--dir", dir.toString(),
                        "--kafka-port", Integer.toString(kafkaPort),
                        "--kafka-controller-port", Integer.toString(controllerPort),
                        "--s3-port", Integer.toString(s3Port), "--pg-port", Integer.toString(pgPort),
                        "--db-password", "pw"))
                .flatMap(List::stream).toArray(String[]::new);
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
        String text() {
            return out + err;
        }
    }
}

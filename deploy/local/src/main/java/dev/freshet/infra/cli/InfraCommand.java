package dev.freshet.infra.cli;

import dev.freshet.infra.InfraException;
import dev.freshet.infra.InfraSettings;
import dev.freshet.infra.LocalInfra;
import dev.freshet.infra.PortInUseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code freshet-infra up|down|status}: real Kafka, S3 and PostgreSQL servers on this machine.
 * Every option defaults to an environment variable, which is how the Makefile passes its own.
 */
@Command(name = "freshet-infra", mixinStandardHelpOptions = true,
        description = "Starts, stops and reports the local Kafka, S3 and PostgreSQL servers.",
        subcommands = {InfraCommand.Up.class, InfraCommand.Down.class, InfraCommand.Status.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, or nothing to do", "1:a server failed to start or stop",
            "2:invalid command line", "3:a port is already in use"})
public final class InfraCommand {

    /** A port another process holds. */
    public static final int EXIT_PORT_IN_USE = 3;

    /** Options shared by every subcommand, and by other launchers' commands (the demo) as a picocli mixin. */
    public static final class Settings {
        @Option(names = "--dir", defaultValue = "${env:INFRA_DIR:-.freshet}",
                description = "Folder for data, logs and PID files (env INFRA_DIR, default ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--kafka-port", defaultValue = "${env:KAFKA_PORT:-9092}",
                description = "Kafka client port (env KAFKA_PORT, default ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(names = "--kafka-controller-port", defaultValue = "${env:KAFKA_CONTROLLER_PORT:-9093}",
                description = "Kafka KRaft controller port (env KAFKA_CONTROLLER_PORT, default ${DEFAULT-VALUE}).")
        int kafkaControllerPort;

        @Option(names = "--s3-port", defaultValue = "${env:S3_PORT:-9000}",
                description = "S3 API port (env S3_PORT, default ${DEFAULT-VALUE}).")
        int s3Port;

        @Option(names = "--pg-port", defaultValue = "${env:PG_PORT:-5432}",
                description = "PostgreSQL port (env PG_PORT, default ${DEFAULT-VALUE}).")
        int pgPort;

        @Option(names = "--s3-access-key", defaultValue = "${env:S3_ACCESS_KEY:-freshet-local}",
                description = "S3 access key of the local server (env S3_ACCESS_KEY).")
        String s3AccessKey;

        @Option(names = "--s3-secret-key", defaultValue = "${env:S3_SECRET_KEY:-freshet-local-secret}",
                description = "S3 secret key of the local server (env S3_SECRET_KEY).")
        String s3SecretKey;

        @Option(names = "--db-name", defaultValue = "${env:DB_NAME:-freshet}",
                description = "PostgreSQL database (env DB_NAME, default ${DEFAULT-VALUE}).")
        String dbName;

        @Option(names = "--db-user", defaultValue = "${env:DB_USER:-freshet}",
                description = "PostgreSQL user (env DB_USER, default ${DEFAULT-VALUE}).")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:DB_PASSWORD:-freshet-local}",
                description = "PostgreSQL password, set at first start (env DB_PASSWORD).")
        String dbPassword;

        /** The launcher these options describe. */
        public LocalInfra infra() {
            return new LocalInfra(new InfraSettings(dir, kafkaPort, kafkaControllerPort, s3Port, pgPort, s3AccessKey,
                    s3SecretKey, dbName, dbUser, dbPassword, true, true));
        }
    }

    @Command(name = "up", description = "Start the servers that are not running and wait until they answer.")
    static final class Up implements Callable<Integer> {
        @Mixin Settings settings;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalInfra infra = settings.infra();
            if (infra.status().stream().allMatch(LocalInfra.ServerStatus::running)) {
                out.println("Already up: every server is running.");
                printStatus(out, infra.status());
                return 0;
            }
            out.println("Starting Kafka, S3 and PostgreSQL under " + infra.settings().baseDir() + " ...");
            out.flush();
            LocalInfra.UpResult result = infra.up();
            for (LocalInfra.ServerReport server : result.servers()) {
                out.printf(Locale.ROOT, "  %-14s %-22s pid %-8d %s%n", server.title(),
                        server.wasRunning() ? "was already running" : String.format(Locale.ROOT, "up in %.1f s",
                                server.startTime().toMillis() / 1000.0), server.pid(), server.address());
            }
            out.printf(Locale.ROOT, "Up in %.1f s. Endpoints: %s; logs: %s/*/server.log%n",
                    result.elapsed().toMillis() / 1000.0, infra.settings().baseDir().resolve(LocalInfra.ENV_FILE),
                    infra.settings().baseDir());
            return 0;
        }
    }

    @Command(name = "down", description = "Stop the running servers and wait until their ports are free.")
    static final class Down implements Callable<Integer> {
        @Mixin Settings settings;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<LocalInfra.ServerReport> stopped = settings.infra().down();
            if (stopped.isEmpty()) {
                out.println("Nothing running: no server to stop.");
            } else {
                out.println("Stopped " + stopped.stream().map(s -> s.title() + " (pid " + s.pid() + ")")
                        .collect(Collectors.joining(", ")) + "; their ports are free.");
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Show which servers run, with PID and address.")
    static final class Status implements Callable<Integer> {
        @Mixin Settings settings;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            printStatus(spec.commandLine().getOut(), settings.infra().status());
            return 0;
        }
    }

    /** Prints one line per server. */
    public static void printStatus(PrintWriter out, List<LocalInfra.ServerStatus> statuses) {
        for (LocalInfra.ServerStatus s : statuses) {
            if (s.running()) {
                out.printf(Locale.ROOT, "  %-14s running   pid %-8d %s%n", s.title(), s.pid(), s.address());
            } else {
                out.printf(Locale.ROOT, "  %-14s stopped%n", s.title());
            }
        }
    }

    /** Builds the command line with error handling that prints a clear message and exits non-zero. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new InfraCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            if (e instanceof PortInUseException) {
                return EXIT_PORT_IN_USE;
            }
            if (e instanceof InfraException) {
                return 1;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

package dev.freshet.demo.cli;

import dev.freshet.demo.run.LocalService;
import dev.freshet.demo.run.LocalServices;
import dev.freshet.demo.watch.DemoTimeline;
import dev.freshet.demo.watch.DriftClock;
import dev.freshet.demo.watch.ServiceStatusClient;
import dev.freshet.demo.watch.Snapshot;
import dev.freshet.demo.watch.SummaryReport;
import dev.freshet.demo.watch.TimelineRecord;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.infra.InfraException;
import dev.freshet.infra.LocalInfra;
import dev.freshet.infra.PortInUseException;
import dev.freshet.infra.cli.InfraCommand;
import dev.freshet.infra.server.PortBinding;
import dev.freshet.infra.server.Ports;
import dev.freshet.infra.server.ServerProcesses;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code freshet-demo run|down|status}: the local servers, the three services and the drone (or image) source
 * with a concept drift, watched from the terminal ({@code make demo}), and everything stopped again ({@code make down}).
 * Every option defaults to an environment variable, which is how the Makefile passes its own.
 */
@Command(name = "freshet-demo", mixinStandardHelpOptions = true,
        description = "Runs the whole of Freshet on this machine and shows how its models keep up with a drift.",
        subcommands = {DemoCommand.Run.class, DemoCommand.Down.class, DemoCommand.Status.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, or nothing to do", "1:a server or service failed to start or stop",
            "2:invalid command line", "3:a port is already in use"})
public final class DemoCommand {

    /** The feature set the drone source registers, and the models its trainer publishes. */
    static final String FEATURE_SET = "drone";
    /** The feature set the image source registers. */
    static final String IMAGES_FEATURE_SET = "fashion";
    /** Where Debian's dataset-fashion-mnist puts the 60,000 training images the image source prefers. */
    static final Path DEBIAN_FASHION = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

    /** Ports of the three services. */
    static final class ServicePorts {
        @Option(names = "--pipeline-port", defaultValue = "${env:PIPELINE_PORT:-8081}",
                description = "Feature pipeline HTTP port (env PIPELINE_PORT, default ${DEFAULT-VALUE}).")
        int pipeline;

        @Option(names = "--training-port", defaultValue = "${env:TRAINING_PORT:-8082}",
                description = "Training pipeline HTTP port (env TRAINING_PORT, default ${DEFAULT-VALUE}).")
        int training;

        @Option(names = "--inference-port", defaultValue = "${env:INFERENCE_PORT:-8080}",
                description = "Inference pipeline HTTP port, the dashboard's (env INFERENCE_PORT, default ${DEFAULT-VALUE}).")
        int inference;

        String url(int port) {
            return "http://localhost:" + port + "/";
        }
    }

    @Command(name = "run", description = "Start what does not run yet, watch for --duration, then print a summary. "
            + "Everything keeps running afterwards (the dashboard too) until `down`.")
    static final class Run implements Callable<Integer> {
        @Mixin InfraCommand.Settings infraSettings;
        @Mixin ServicePorts ports;
        @Spec CommandSpec spec;

        @Option(names = "--source", defaultValue = "${env:SOURCE:-drone}",
                description = "drone (simulated shops, a drift in the busy rules) or images (Fashion-MNIST, two "
                        + "classes' labels swapped at --drift-image) (env SOURCE, default ${DEFAULT-VALUE}).")
        String source;

        @Option(names = "--images-rate", defaultValue = "${env:IMAGES_RATE:-0}",
                description = "Images per second of the image source (env IMAGES_RATE; default 400 with Debian's "
                        + "60,000 Fashion-MNIST images, 16 with the 2,000 bundled ones: either lasts about the default "
                        + "duration).")
        double imagesRate;

        @Option(names = "--drift-image", defaultValue = "${env:DRIFT_IMAGE:-0}",
                description = "The image from which the image source swaps two classes' labels (env DRIFT_IMAGE; "
                        + "default the middle of the images: 30,000, or 1,000 of the bundled 2,000).")
        long driftImage;

        @Option(names = "--duration", defaultValue = "${env:DURATION:-180}",
                description = "Seconds to watch once the services are up (env DURATION, default ${DEFAULT-VALUE}).")
        long durationSeconds;

        @Option(names = "--shops", defaultValue = "${env:DEMO_SHOPS:-600}",
                description = "Simulated drone shops; one labelled example per shop and simulated hour (env DEMO_SHOPS, default ${DEFAULT-VALUE}).")
        int shops;

        @Option(names = "--speedup", defaultValue = "${env:DEMO_SPEEDUP:-1440}",
                description = "Simulated seconds per real second (env DEMO_SPEEDUP, default ${DEFAULT-VALUE}: an hour in 2.5 s, so that the default 180 s show the day before the drift, the drift's day and the day after).")
        double speedup;

        @Option(names = "--drift-after", defaultValue = "${env:DRIFT_AFTER:-PT24H}",
                description = "Simulated time after the source's start when the busy rules change, ISO-8601 (env DRIFT_AFTER, default ${DEFAULT-VALUE}).")
        Duration driftAfter;

        @Option(names = "--history-days", defaultValue = "${env:HISTORY_DAYS:-3}",
                description = "Simulated days of history written to the feature store first, for the trainer's bootstrap (env HISTORY_DAYS, default ${DEFAULT-VALUE}; 0 for none).")
        int historyDays;

        @Option(names = "--publish-interval", defaultValue = "${env:PUBLISH_INTERVAL:-5s}",
                description = "How often the trainer publishes a version (env PUBLISH_INTERVAL, default ${DEFAULT-VALUE}).")
        String publishInterval;

        @Option(names = "--models", defaultValue = "${env:MODELS:-}",
                description = "Models inference serves (env MODELS, default the source's feature set's linear and mlp, "
                        + "e.g. drone-linear,drone-mlp).")
        String models;

        @Option(names = "--jvm-options", defaultValue = "${env:SERVICE_JVM_OPTIONS:--Xmx512m}",
                description = "JVM options of each service (env SERVICE_JVM_OPTIONS, default ${DEFAULT-VALUE}).")
        String jvmOptions;

        @Option(names = "--ready-timeout", defaultValue = "180",
                description = "Seconds to wait for each service to be ready (default ${DEFAULT-VALUE}).")
        long readyTimeoutSeconds;

        @Option(names = "--service-env", paramLabel = "KEY=VALUE",
                description = "An environment variable for every service, e.g. FRESHET_TRAINING_DRIFT_REACTION=none "
                        + "(repeatable).")
        Map<String, String> serviceEnvironment = new LinkedHashMap<>();

        @Option(names = "--record", paramLabel = "FILE",
                description = "Write every reading as a JSON line to FILE (simulated hour, per model accuracy, drifts, "
                        + "reactions): what make bench's drift benchmark reads.")
        Path record;

        @Option(names = "--root", defaultValue = "${env:FRESHET_ROOT:-.}",
                description = "The project folder holding the services' target/quarkus-app (env FRESHET_ROOT, default the current folder).")
        Path root;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (durationSeconds < 1 || shops < 1 || speedup <= 0 || driftAfter.isNegative() || historyDays < 0
                    || imagesRate < 0 || driftImage < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--duration, --shops and --speedup must "
                        + "be positive, --drift-after, --history-days, --images-rate and --drift-image not negative");
            }
            if (!source.equals("drone") && !source.equals("images")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--source is drone or images, not '" + source + "'");
            }
            boolean images = source.equals("images");
            boolean debianImages = Files.isRegularFile(DEBIAN_FASHION);
            if (images && imagesRate == 0) {
                imagesRate = debianImages ? 400 : 16;
            }
            if (images && driftImage == 0) {
                driftImage = debianImages ? 30_000 : 1_000;
            }
            if (models.isBlank()) {
                String set = featureSet();
                models = set + "-linear," + set + "-mlp";
            }
            LocalInfra infra = infraSettings.infra();
            LocalServices services = new LocalServices(infra.settings().baseDir());
            List<LocalServices.ServiceReport> running = services.running();
            if (running.size() == LocalServices.NAMES.size() && infra.endpoints().isPresent()) {
                out.println("The demo already runs: " + running.stream()
                        .map(r -> r.name() + " (pid " + r.pid() + ")").collect(Collectors.joining(", ")) + ".");
                out.println("Dashboard: " + ports.url(ports.inference) + "   `make down` stops everything.");
                return 0;
            }

            checkServicePorts(running);
            out.println("Starting Kafka, S3 and PostgreSQL under " + infra.settings().baseDir() + " ...");
            out.flush();
            LocalInfra.UpResult up;
            try {
                up = infra.up();
            } catch (PortInUseException e) {
                throw new PortInUseException(e.binding(), "demo"); // the command to run again is this one
            }
            out.printf(Locale.ROOT, "  servers %s in %.1f s%n", up.wasAlreadyRunning() ? "were already up" : "up",
                    up.elapsed().toMillis() / 1000.0);
            InfraEndpoints endpoints = up.endpoints();
            boolean pipelineRunning = running.stream().anyMatch(r -> r.name().equals("feature-pipeline"));
            if (historyDays > 0 && !pipelineRunning && !images) { // the image stream has no history to write
                backfill(out, endpoints, infra.settings().baseDir());
            }

            List<LocalService> toRun = services(infra.settings().baseDir(), endpoints);
            List<LocalServices.ServiceReport> started;
            try {
                started = services.start(toRun, Duration.ofSeconds(readyTimeoutSeconds), line -> {
                    out.println("  " + line);
                    out.flush();
                });
            } catch (RuntimeException e) {
                // A half-started demo would hold its ports and servers until `make down`: stop what this run started.
                out.println("  a service did not start (" + e.getMessage() + "); stopping what this run started. "
                        + "Logs: " + infra.settings().baseDir() + "/<service>/server.log");
                out.flush();
                services.stop();
                if (!up.wasAlreadyRunning()) {
                    infra.down();
                }
                throw e;
            }
            for (LocalServices.ServiceReport r : started) {
                out.printf(Locale.ROOT, "  %-20s %-22s pid %-8d %s%n", r.name(), r.wasRunning() ? "was already running"
                        : String.format(Locale.ROOT, "ready in %.1f s", r.startTime().toMillis() / 1000.0),
                        r.pid(), r.address());
            }
            out.println();
            out.println("Dashboard: " + ports.url(ports.inference) + "   (API: " + ports.url(ports.inference)
                    + "q/swagger-ui, training: " + ports.url(ports.training) + "training/status)");
            if (images) {
                out.printf(Locale.ROOT, "Image source: Fashion-MNIST (%s) at %.0f images/s; two classes' labels swap "
                        + "from image %,d. Logs: %s/<service>/server.log%n%n", debianImages ? "Debian's 60,000"
                        : "the 2,000 bundled; apt-get install dataset-fashion-mnist for all 60,000", imagesRate,
                        driftImage, infra.settings().baseDir());
            } else {
                out.printf(Locale.ROOT, "Drone source: %d shops at %.0fx; the drift comes at simulated hour %d. "
                        + "Logs: %s/<service>/server.log%n%n", shops, speedup, driftAfter.toHours(),
                        infra.settings().baseDir());
            }
            out.flush();

            DemoTimeline timeline = watch(out);
            if (record != null) {
                TimelineRecord.write(timeline, record);
            }
            out.println();
            out.print(SummaryReport.format(timeline.summary()));
            out.println();
            out.println("Everything keeps running: dashboard " + ports.url(ports.inference)
                    + "   `make down` stops the services and the servers.");
            return 0;
        }

        /** A service port another process holds is named before anything starts. */
        private void checkServicePorts(List<LocalServices.ServiceReport> running) {
            Map<String, Integer> wanted = Map.of("feature-pipeline", ports.pipeline, "training-pipeline", ports.training,
                    "inference-pipeline", ports.inference);
            Map<String, String> variables = Map.of("feature-pipeline", "PIPELINE_PORT", "training-pipeline",
                    "TRAINING_PORT", "inference-pipeline", "INFERENCE_PORT");
            for (String name : LocalServices.NAMES) {
                boolean runs = running.stream().anyMatch(r -> r.name().equals(name));
                int port = wanted.get(name);
                if (!runs && !Ports.isFree(port)) {
                    throw new PortInUseException(new PortBinding(name + " HTTP", port, variables.get(name)), "demo");
                }
            }
        }

        private DemoTimeline watch(PrintWriter out) throws InterruptedException {
            DriftClock clock = source.equals("images") ? DriftClock.imagesSent(driftImage)
                    : DriftClock.simulatedHours(driftAfter.toHours());
            DemoTimeline timeline = new DemoTimeline(clock);
            ServiceStatusClient client = new ServiceStatusClient(URI.create(ports.url(ports.pipeline)),
                    URI.create(ports.url(ports.training)), URI.create(ports.url(ports.inference)), clock.counter());
            boolean terminal = System.console() != null;
            Instant begin = Instant.now();
            Duration duration = Duration.ofSeconds(durationSeconds);
            ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("demo").setInitialMax(durationSeconds)
                    .setUnit(" s", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(System.out)).hideEta().build() : null;
            try {
                long lastLine = -1;
                while (true) {
                    Duration elapsed = Duration.between(begin, Instant.now());
                    Snapshot snapshot = client.read(elapsed);
                    List<String> events = timeline.add(snapshot, Instant.now());
                    String progress = timeline.progressLine();
                    if (bar != null) {
                        // The bar keeps to the terminal's width: the full line goes above it every 10 s.
                        List<String> lines = new ArrayList<>();
                        events.forEach(e -> lines.add(stamp(elapsed) + e));
                        if (elapsed.toSeconds() / 10 != lastLine) {
                            lastLine = elapsed.toSeconds() / 10;
                            lines.add(stamp(elapsed) + progress);
                        }
                        for (String line : lines) {
                            System.out.print("\r\033[K");
                            System.out.println(line);
                        }
                        bar.stepTo(Math.min(elapsed.toSeconds(), durationSeconds));
                        bar.setExtraMessage(progress.substring(0, progress.indexOf(" |") < 0 ? progress.length()
                                : progress.indexOf(" |")));
                    } else {
                        events.forEach(e -> out.println(stamp(elapsed) + e));
                        if (elapsed.toSeconds() / 10 != lastLine) {
                            lastLine = elapsed.toSeconds() / 10;
                            out.println(stamp(elapsed) + progress);
                        }
                        out.flush();
                    }
                    if (elapsed.compareTo(duration) >= 0) {
                        return timeline;
                    }
                    TimeUnit.MILLISECONDS.sleep(1000);
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
        }

        private static String stamp(Duration elapsed) {
            return String.format(Locale.ROOT, "[%3d s] ", elapsed.toSeconds());
        }

        private List<LocalService> services(Path baseDir, InfraEndpoints endpoints) {
            Map<String, String> common = new LinkedHashMap<>(endpoints.asEnvironment());
            List<String> jvm = List.of(jvmOptions.trim().split("\\s+"));

            common.putAll(serviceEnvironment);
            Map<String, String> pipeline = new LinkedHashMap<>(common);
            pipeline.put("FRESHET_PIPELINE_SOURCE_ENABLED", "true");
            pipeline.put("FRESHET_PIPELINE_SOURCE_KIND", source);
            if (source.equals("images")) {
                pipeline.put("FRESHET_PIPELINE_SOURCE_RATE", Double.toString(imagesRate));
                pipeline.put("FRESHET_PIPELINE_SOURCE_IMAGES_DRIFT", "swap");
                pipeline.put("FRESHET_PIPELINE_SOURCE_IMAGES_DRIFT_AFTER", Long.toString(driftImage));
            } else {
                pipeline.put("FRESHET_PIPELINE_SOURCE_DRONE_SHOPS", Integer.toString(shops));
                pipeline.put("FRESHET_PIPELINE_SOURCE_DRONE_SPEEDUP", Double.toString(speedup));
                pipeline.put("FRESHET_PIPELINE_SOURCE_DRONE_DRIFT_AFTER", driftAfter.toString());
            }

            Map<String, String> training = new LinkedHashMap<>(common);
            training.put("FRESHET_TRAINING_FEATURE_SET", featureSet());
            training.put("FRESHET_TRAINING_PUBLISH_INTERVAL", publishInterval);

            Map<String, String> inference = new LinkedHashMap<>(common);
            inference.put("FRESHET_INFERENCE_MODELS", models);

            return List.of(
                    new LocalService("feature-pipeline", "Feature pipeline", baseDir, jar("feature-pipeline"),
                            ports.pipeline, jvm, pipeline),
                    new LocalService("training-pipeline", "Training pipeline", baseDir, jar("training-pipeline"),
                            ports.training, jvm, training),
                    new LocalService("inference-pipeline", "Inference pipeline", baseDir, jar("inference-pipeline"),
                            ports.inference, jvm, inference));
        }

        private String featureSet() {
            return source.equals("images") ? IMAGES_FEATURE_SET : FEATURE_SET;
        }

        private Path jar(String module) {
            return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        }

        /** History for the trainer's bootstrap, written straight into the feature store; idempotent. */
        private void backfill(PrintWriter out, InfraEndpoints endpoints, Path baseDir)
                throws IOException, InterruptedException {
            Path app = jar("feature-pipeline").getParent();
            out.printf(Locale.ROOT, "Writing %d simulated days of drone history into the feature store ...%n", historyDays);
            out.flush();
            Path log = baseDir.resolve("backfill.log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", app.resolve("lib/main/*") + ":" + app.resolve("app/*"),
                    "dev.freshet.pipeline.source.drone.Backfill", Integer.toString(historyDays), Integer.toString(shops)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(endpoints.asEnvironment());
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new InfraException("the history backfill failed; end of " + log + ":\n" + ServerProcesses.tail(log, 15));
            }
            out.println("  " + ServerProcesses.tail(log, 1));
        }
    }

    @Command(name = "down", description = "Stop the services and the local servers; says so if nothing runs.")
    static final class Down implements Callable<Integer> {
        @Mixin InfraCommand.Settings infraSettings;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalInfra infra = infraSettings.infra();
            List<LocalServices.ServiceReport> services = new LocalServices(infra.settings().baseDir()).stop();
            List<LocalInfra.ServerReport> servers = infra.down();
            if (services.isEmpty() && servers.isEmpty()) {
                out.println("Nothing running: no service or server to stop.");
                return 0;
            }
            List<String> stopped = new ArrayList<>();
            services.forEach(s -> stopped.add(s.name() + " (pid " + s.pid() + ")"));
            servers.forEach(s -> stopped.add(s.title() + " (pid " + s.pid() + ")"));
            out.println("Stopped " + String.join(", ", stopped) + "; their ports are free.");
            return 0;
        }
    }

    @Command(name = "status", description = "Show which services and servers run.")
    static final class Status implements Callable<Integer> {
        @Mixin InfraCommand.Settings infraSettings;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LocalInfra infra = infraSettings.infra();
            List<LocalServices.ServiceReport> running = new LocalServices(infra.settings().baseDir()).running();
            for (String name : LocalServices.NAMES) {
                running.stream().filter(r -> r.name().equals(name)).findFirst().ifPresentOrElse(
                        r -> out.printf(Locale.ROOT, "  %-20s running   pid %-8d %s%n", name, r.pid(), r.address()),
                        () -> out.printf(Locale.ROOT, "  %-20s stopped%n", name));
            }
            InfraCommand.printStatus(out, infra.status());
            return 0;
        }
    }

    /** Builds the command line with error handling that prints a clear message and exits non-zero. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DemoCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            if (e instanceof PortInUseException) {
                return InfraCommand.EXIT_PORT_IN_USE;
            }
            if (e instanceof InfraException || e instanceof IOException) {
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

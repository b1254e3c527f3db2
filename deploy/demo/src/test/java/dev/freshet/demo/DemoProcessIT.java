package dev.freshet.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.demo.cli.DemoCommand;
import dev.freshet.demo.run.LocalServices;
import dev.freshet.infra.server.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code make demo} and {@code make down} as a user meets them, against the packaged services and real servers
 * started by the demo itself in a folder of its own: refused bad options and a busy port with nothing left
 * running, a short run with its progress and summary, a second start that changes nothing, and stops that are
 * harmless when repeated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoProcessIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dir;
    private static List<String> common;
    private static int inferencePort;
    private static int trainingPort;

    /** What a command printed and returned. */
    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void folderAndPorts() throws IOException {
        dir = Path.of(System.getProperty("freshet.demo.work", "target/demo-it")).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        int[] ports = freePorts(7);
        inferencePort = ports[6];
        trainingPort = ports[5];
        common = List.of("--dir", dir.toString(), "--kafka-port", "" + ports[0], "--kafka-controller-port", "" + ports[1],
                "--s3-port", "" + ports[2], "--pg-port", "" + ports[3]);
        List<String> services = List.of("--pipeline-port", "" + ports[4], "--training-port", "" + ports[5],
                "--inference-port", "" + ports[6]);
        common = concat(common, services);
    }

    @AfterAll
    static void stopEverything() {
        run("down", List.of("--dir", dir.toString()));
    }

    @Test
    @Order(1)
    void refusesBadOptionsWithAClearMessageAndStartsNothing() {
        Result result = run("run", concat(common, List.of("--duration", "0")));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--duration, --shops and --speedup must be positive");
        Result speedup = run("run", concat(common, List.of("--speedup", "-3")));
        assertThat(speedup.exit()).isEqualTo(2);
        assertThat(new LocalServices(dir).running()).isEmpty();
        assertThat(run("status", common).out()).doesNotContain("running");
    }

    @Test
    @Order(2)
    void aBusyServicePortIsNamedBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(inferencePort)) {
            Result result = run("run", concat(common, List.of("--duration", "5")));
            assertThat(result.exit()).isEqualTo(3);
            assertThat(result.err()).contains(Integer.toString(inferencePort)).contains("in use")
                    .contains("'make demo INFERENCE_PORT=");
        }
        assertThat(new LocalServices(dir).running()).isEmpty();
        assertThat(run("status", common).out()).doesNotContain("running");
    }

    @Test
    @Order(3)
    void runsTheWholeSystemThroughADriftAndSummarises() throws Exception {
        // The source's clock starts with the feature pipeline, before training and inference are up: how far it
        // got by then depends on the machine, so the drift comes early enough to be reached in any case.
        // (DemoTimelineTest checks the figures before and after a drift.)
        Result result = run("run", concat(common, List.of("--duration", "30", "--shops", "200", "--speedup", "3600",
                "--drift-after", "PT12H", "--history-days", "1", "--publish-interval", "3s")));
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        String out = result.out();
        assertThat(out).containsPattern("Backfilled (\\d+) of \\1 examples of 1 days");
        assertThat(out).contains("Dashboard: http://localhost:" + inferencePort + "/",
                "drift injected: the source's concept changed at simulated hour 12",
                "Summary after", "prequential accuracy (training)", "live accuracy (served)");
        assertThat(out).containsPattern("\\[\\s*\\d+ s] examples [\\d,]+ \\| drone-(linear|mlp) v\\d+ champion v\\d+ acc");
        assertThat(out).containsPattern("drone-linear: [\\d,]+ examples learned; [1-9]\\d* versions published");
        assertThat(out).containsPattern("drone-mlp: [\\d,]+ examples learned; [1-9]\\d* versions published");
        // Figures at the end of the run, for training and for what was served.
        assertThat(out).containsPattern("drone-mlp\\s+(\\S+\\s+){2}\\d+\\.\\d%\\s+(\\S+\\s+){2}\\d+\\.\\d%");

        List<LocalServices.ServiceReport> running = new LocalServices(dir).running();
        assertThat(running).extracting(LocalServices.ServiceReport::name).containsExactlyElementsOf(LocalServices.NAMES);
        assertThat(get(URI.create("http://localhost:" + inferencePort + "/")).statusCode()).isEqualTo(200);
        HttpResponse<String> training = get(URI.create("http://localhost:" + trainingPort + "/training/status"));
        assertThat(training.body()).contains("\"state\":\"training\"");
    }

    @Test
    @Order(4)
    void startingItAgainChangesNothing() {
        List<Long> before = new LocalServices(dir).running().stream().map(LocalServices.ServiceReport::pid).toList();
        assertThat(before).hasSize(3);
        Result again = run("run", concat(common, List.of("--duration", "5")));
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("The demo already runs", "make down");
        assertThat(new LocalServices(dir).running()).extracting(LocalServices.ServiceReport::pid)
                .containsExactlyElementsOf(before);
    }

    @Test
    @Order(5)
    void downStopsEverythingAndIsHarmlessWhenNothingRuns() {
        List<Long> pids = new LocalServices(dir).running().stream().map(LocalServices.ServiceReport::pid).toList();
        assertThat(pids).hasSize(3);
        Result down = run("down", List.of("--dir", dir.toString()));
        assertThat(down.exit()).isZero();
        assertThat(down.out()).contains("inference-pipeline", "training-pipeline", "feature-pipeline", "Kafka (KRaft)",
                "S3 (S3Proxy)", "PostgreSQL", "their ports are free");
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
        }
        assertThat(Ports.isFree(inferencePort)).isTrue();
        Result again = run("down", List.of("--dir", dir.toString()));
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("Nothing running");
    }

    @Test
    @Order(6)
    void runsTheImageStreamThroughALabelSwapWithTenClasses() throws Exception {
        // The 2,000 bundled Fashion-MNIST images at 20 a second, still streaming while the demo watches: learned,
        // served, and two classes swapped from image 400 (before the services are up).
        Result result = run("run", concat(common, List.of("--source", "images", "--images-rate", "20",
                "--drift-image", "400", "--duration", "15", "--publish-interval", "3s")));
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        String out = result.out();
        assertThat(out).doesNotContain("Backfilled").contains("Image source: Fashion-MNIST",
                "drift injected: the source's concept changed at image 400");
        assertThat(out).containsPattern("fashion-linear: [\\d,]+ examples learned; [1-9]\\d* versions published");
        assertThat(out).containsPattern("fashion-mlp: [\\d,]+ examples learned; [1-9]\\d* versions published");
        HttpResponse<String> training = get(URI.create("http://localhost:" + trainingPort + "/training/status"));
        // The confusion matrix over the ten classes, by name.
        assertThat(training.body()).contains("\"featureSet\":\"fashion\"", "Ankle boot", "T-shirt/top");
        // One image as an Open Inference Protocol [1, 784] tensor: ten probabilities back.
        String image = "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,784],\"datatype\":\"FP64\",\"data\":["
                + String.join(",", java.util.Collections.nCopies(784, "0")) + "]}]}";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + inferencePort + "/v2/models/fashion-linear/infer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(image)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"shape\":[1,10]", "Ankle boot");
        assertThat(run("down", List.of("--dir", dir.toString())).exit()).isZero();
    }

    @Test
    @Order(7)
    void aServiceThatCannotStartStopsWhatTheRunStarted() {
        // The trainer refuses a drift reaction it does not know and exits while starting.
        Result result = run("run", concat(common, List.of("--duration", "5", "--history-days", "0",
                "--service-env", "FRESHET_TRAINING_DRIFT_REACTION=sideways")));
        assertThat(result.exit()).as(result.out() + result.err()).isNotZero();
        assertThat(result.out()).contains("a service did not start", "stopping what this run started",
                "/<service>/server.log");
        assertThat(new LocalServices(dir).running()).as("no service left running").isEmpty();
        assertThat(Ports.isFree(inferencePort) && Ports.isFree(trainingPort)).isTrue();
        assertThat(run("down", List.of("--dir", dir.toString())).out()).as("the servers are down too")
                .contains("Nothing running");
    }

    private static Result run(String command, List<String> options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DemoCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(options);
        if (command.equals("run")) {
            args.addAll(List.of("--root", System.getProperty("freshet.demo.root", "../..")));
            args.addAll(List.of("--jvm-options", ("-Xmx512m " + System.getProperty("freshet.test.jvm-args", "")).trim()));
        }
        int exit = cli.execute(args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package dev.freshet.inference.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The REST benchmark's same-run baseline: a bare Vert.x HTTP server in a JVM of its own that reads each request's
 * body and answers with fixed bytes (the service's own answer to one request), on the same event-loop count as
 * Quarkus. What the generator measures against it is the floor this machine and the generator set for any
 * service on loopback: no routing, JSON, scoring or metrics.
 */
final class BareHttpServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private BareHttpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server in a JVM of its own, answering {@code answer} to every request. */
    static BareHttpServer start(byte[] answer, String... jvmArgs) throws IOException {
        Path file = Files.createTempFile("bare-answer", ".json");
        Files.write(file, answer);
        file.toFile().deleteOnExit();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareHttpServer.class.getName(),
                file.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            process.destroyForcibly();
            throw new IOException("the bare server did not start: " + line);
        }
        return new BareHttpServer(process, Integer.parseInt(line.substring(5).trim()));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws Exception {
        Buffer answer = Buffer.buffer(Files.readAllBytes(Path.of(args[0])));
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> request.response()
                        .putHeader("Content-Type", "application/json").end(answer)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        System.out.println("port " + server.actualPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until its parent closes our standard input or ends us
        }
        vertx.close();
    }
}

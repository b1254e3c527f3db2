package dev.freshet.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.freshet.demo.watch.DriftClock;
import dev.freshet.demo.watch.ServiceStatusClient;
import dev.freshet.demo.watch.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the demo reads from the services' status answers (a local HTTP server stands in for the three). */
class ServiceStatusClientTest {

    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(Map<String, String> bodies) {
        bodies.forEach((path, body) -> server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }));
    }

    @Test
    void trainingsAccuracyIsItsRollingWindowNotTheGatesFigureThatRestartsAtEachChampionMove() {
        // The gate's figure (since the last champion move) says 0.99; the day's matrix says 80 of 100 right.
        answer(Map.of("/q/metrics", "freshet_source_counter{name=\"simulated_hours\"} 30.0\n"
                        + "freshet_source_examples_sent_total 9000.0\n",
                "/training/status", "{\"models\":[{\"name\":\"m\",\"latestVersion\":3,\"champion\":2,"
                        + "\"examplesSeen\":100,\"rollingAccuracy\":0.99,\"drifts\":0,\"lastDrift\":null,"
                        + "\"confusion\":{\"labels\":[\"a\",\"b\"],\"counts\":[[50,10],[10,30]]},"
                        + "\"driftWatch\":{\"reaction\":\"challenger\"}},"
                        + "{\"name\":\"old\",\"rollingAccuracy\":0.75,\"examplesSeen\":10,\"driftWatch\":{}}]}",
                "/inference/status", "{\"models\":[]}"));

        Snapshot s = new ServiceStatusClient(base, base, base).read(Duration.ofSeconds(5));

        assertEquals(30, s.clock());
        assertEquals(9000, s.examplesSent());
        assertEquals(0.80, s.model("m").orElseThrow().prequentialAccuracy(), 1e-12);
        // A trainer that reports no matrix: its gate figure is all there is.
        assertEquals(0.75, s.model("old").orElseThrow().prequentialAccuracy(), 1e-12);
        assertTrue(Double.isNaN(s.model("m").orElseThrow().liveAccuracy()), "nothing served, no live accuracy");
    }

    @Test
    void theImageSourcesClockIsTheImagesItSent() {
        answer(Map.of("/q/metrics", "freshet_source_counter{name=\"images_read\"} 2000.0\n"
                        + "freshet_source_counter{name=\"images_sent\"} 1250.0\n"
                        + "freshet_source_examples_sent_total 1150.0\n",
                "/training/status", "{\"models\":[]}", "/inference/status", "{\"models\":[]}"));

        Snapshot s = new ServiceStatusClient(base, base, base, DriftClock.imagesSent(1_000).counter())
                .read(Duration.ofSeconds(5));

        assertEquals(1250, s.clock());
        assertEquals(-1, new ServiceStatusClient(base, base, base).read(Duration.ofSeconds(5)).clock(),
                "no simulated hours from an image source");
    }
}

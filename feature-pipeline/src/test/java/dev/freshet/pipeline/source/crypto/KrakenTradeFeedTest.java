package dev.freshet.pipeline.source.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live Kraken feed against a local WebSocket server replaying messages in Kraken's v2 format: it
 * subscribes as Kraken expects, reconnects after the server drops it or goes silent, and passes on every
 * trade once although the snapshot after the reconnect repeats some.
 */
class KrakenTradeFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // A @QuarkusTest earlier in this JVM sets this (Quarkus disables Vert.x WebSockets it does not use), and
        // Vert.x reads it once: cleared before this class's server is the first Vert.x server of the JVM.
        System.clearProperty("vertx.disableWebsockets");
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<JsonNode> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private KrakenTradeFeed feed;

    @AfterEach
    void stop() throws Exception {
        if (feed != null) {
            feed.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A server that waits for the subscription, then hands the connection and its session number on. */
    private URI server(BiConsumer<ServerWebSocket, Integer> session) throws Exception {
        HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(text -> {
            try {
                subscriptions.add(JSON.readTree(text));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            session.accept(ws, sessions.incrementAndGet());
        }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return URI.create("ws://127.0.0.1:" + server.actualPort() + "/v2");
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = KrakenTradeFeedTest.class.getResourceAsStream("/kraken/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private List<Trade> collect(int count, Duration timeout) throws InterruptedException {
        List<Trade> trades = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (trades.size() < count && System.nanoTime() < deadline) {
            trades.addAll(feed.poll(Duration.ofMillis(100)));
        }
        trades.addAll(feed.poll(Duration.ofMillis(300))); // anything beyond would be a duplicate
        return trades;
    }

    @Test
    void aDroppedConnectionIsReopenedAndEveryTradeArrivesOnceInOrder() throws Exception {
        List<String> first = lines("session-1.jsonl");
        List<String> second = lines("session-2.jsonl");
        URI url = server((ws, n) -> {
            (n == 1 ? first : second).forEach(ws::writeTextMessage);
            if (n == 1) {
                ws.close((short) 1011, "server restarting"); // Kraken drops connections on maintenance
            }
        });
        feed = new KrakenTradeFeed(url, List.of("BTC/USD"), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(2));

        List<Trade> trades = collect(10, Duration.ofSeconds(20));

        assertThat(trades).extracting(Trade::tradeId).containsExactly(80001L, 80002L, 80003L, 80004L, 80005L, 80006L,
                80007L, 80008L, 80009L, 80010L);
        assertThat(trades.get(0)).isEqualTo(new Trade("BTC/USD", java.time.Instant.parse("2026-11-21T09:59:58.101234Z"),
                97010.1, 0.0125, true, 80001));
        assertThat(trades.get(1).buy()).isFalse();
        assertThat(feed.connections()).isEqualTo(2);
        assertThat(feed.counters()).containsEntry("snapshot_duplicates", 3L).containsEntry("unreadable", 1L);
        assertThat(subscriptions).hasSize(2).allSatisfy(s -> {
            assertThat(s.path("method").asText()).isEqualTo("subscribe");
            assertThat(s.path("params").path("channel").asText()).isEqualTo("trade");
            assertThat(s.path("params").path("symbol").get(0).asText()).isEqualTo("BTC/USD");
        });
    }

    @Test
    void aSilentConnectionIsDroppedAfterTheIdleTimeoutAndReopened() throws Exception {
        List<String> first = lines("session-1.jsonl");
        URI url = server((ws, n) -> {
            if (n == 1) {
                ws.writeTextMessage(first.get(0)); // the acknowledgement, then silence: no heartbeat, no close
            } else {
                first.forEach(ws::writeTextMessage);
            }
        });
        feed = new KrakenTradeFeed(url, List.of("BTC/USD"), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2));

        List<Trade> trades = collect(6, Duration.ofSeconds(20));

        assertThat(trades).hasSize(6);
        assertThat(feed.connections()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> feed.watermark().isPresent());
    }
}

package dev.freshet.pipeline.source.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Live trades from Kraken's public WebSocket API v2 ({@code trade} channel). One background thread keeps
 * the connection: it subscribes, reads snapshots and updates, and when the connection closes, fails, or
 * stays silent longer than the idle timeout (Kraken sends a heartbeat every second), it reconnects after an
 * exponential backoff with jitter. The snapshot sent on every subscription overlaps trades seen before a
 * disconnect: those are recognised by their per-product trade id and passed on once only.
 */
public final class KrakenTradeFeed implements TradeFeed {

    private static final Logger LOG = Logger.getLogger(KrakenTradeFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final List<String> symbols;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration idleTimeout;
    private final Duration closeGrace;
    private final HttpClient http;
    private final BlockingQueue<Trade> trades = new LinkedBlockingQueue<>(1_000_000);
    private final Map<String, Long> lastTradeId = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean subscribed;
    private volatile long lastMessageNanos;
    private volatile boolean closed;
    private volatile WebSocket socket;
    private final Thread connector;

    /**
     * @param closeGrace how long after a candle's end its trades may still arrive; the watermark trails the clock by it
     */
    public KrakenTradeFeed(URI url, List<String> symbols, Duration initialDelay, Duration maxDelay, Duration idleTimeout,
                           Duration closeGrace) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("subscribe to at least one symbol");
        }
        this.url = url;
        this.symbols = List.copyOf(symbols);
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.idleTimeout = idleTimeout;
        this.closeGrace = closeGrace;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.connector = new Thread(this::keepConnected, "freshet-kraken-feed");
        connector.setDaemon(true);
        connector.start();
    }

    @Override
    public List<Trade> poll(Duration timeout) throws InterruptedException {
        List<Trade> out = new ArrayList<>();
        Trade first = trades.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (first != null) {
            out.add(first);
            trades.drainTo(out, 10_000);
        }
        return out;
    }

    /** While subscribed, event time is the clock less the grace; disconnected, nothing is certain. */
    @Override
    public Optional<Instant> watermark() {
        return subscribed ? Optional.of(Instant.now().minus(closeGrace)) : Optional.empty();
    }

    /** Connections opened so far (the first one included). */
    public long connections() {
        return connections.get();
    }

    private void keepConnected() {
        Duration delay = initialDelay;
        while (!closed) {
            boolean gotData = false;
            try {
                gotData = connectOnce();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warnf("Kraken feed %s: %s", url, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            subscribed = false;
            if (closed) {
                return;
            }
            if (gotData) {
                delay = initialDelay; // the connection worked: start the backoff afresh
            }
            long jittered = (long) (delay.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
            LOG.infof("Kraken feed: reconnecting in %d ms (connection %d)", jittered, connections.get() + 1);
            try {
                Thread.sleep(jittered);
            } catch (InterruptedException e) {
                return;
            }
            delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
        }
    }

    /** One connection, until it closes, fails or goes silent; true when trades or heartbeats arrived. */
    private boolean connectOnce() throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        long before = messages.get();
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, new Listener(ended)).get(15, TimeUnit.SECONDS);
        socket = ws;
        connections.incrementAndGet();
        lastMessageNanos = System.nanoTime();
        ObjectNode subscribe = JSON.createObjectNode().put("method", "subscribe");
        ObjectNode params = subscribe.putObject("params").put("channel", "trade").put("snapshot", true);
        symbols.forEach(params.putArray("symbol")::add);
        ws.sendText(JSON.writeValueAsString(subscribe), true).get(10, TimeUnit.SECONDS);
        LOG.infof("Kraken feed: connected to %s, subscribing to trades of %s", url, symbols);
        try {
            while (!closed) {
                try {
                    String reason = ended.get(Math.min(1_000, idleTimeout.toMillis()), TimeUnit.MILLISECONDS);
                    LOG.warnf("Kraken feed: connection closed (%s)", reason);
                    break;
                } catch (TimeoutException e) {
                    if (System.nanoTime() - lastMessageNanos > idleTimeout.toNanos()) {
                        LOG.warnf("Kraken feed: nothing received for %d s; dropping the connection",
                                idleTimeout.toSeconds());
                        break;
                    }
                }
            }
        } finally {
            ws.abort();
        }
        return messages.get() > before;
    }

    private void onMessage(String text) {
        messages.incrementAndGet();
        lastMessageNanos = System.nanoTime();
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            unreadable.incrementAndGet();
            return;
        }
        if ("subscribe".equals(message.path("method").asText())) {
            if (message.path("success").asBoolean(false)) {
                subscribed = true;
            } else {
                LOG.errorf("Kraken refused the subscription: %s", message.path("error").asText(text));
            }
            return;
        }
        if (!"trade".equals(message.path("channel").asText())) {
            return; // heartbeat, status
        }
        subscribed = true;
        for (JsonNode t : message.path("data")) {
            try {
                Trade trade = new Trade(t.path("symbol").asText(), Instant.parse(t.path("timestamp").asText()),
                        t.path("price").asDouble(Double.NaN), t.path("qty").asDouble(Double.NaN),
                        "buy".equals(t.path("side").asText()), t.path("trade_id").asLong(-1));
                Long last = lastTradeId.get(trade.symbol());
                if (trade.tradeId() >= 0 && last != null && trade.tradeId() <= last) {
                    duplicates.incrementAndGet(); // the snapshot after a reconnect repeats what we had
                    continue;
                }
                if (trade.tradeId() >= 0) {
                    lastTradeId.put(trade.symbol(), trade.tradeId());
                }
                received.incrementAndGet();
                if (!trades.offer(trade)) {
                    LOG.warn("Kraken feed: trade buffer full; the source is too slow, trades are dropped");
                }
            } catch (RuntimeException e) {
                unreadable.incrementAndGet();
            }
        }
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("connections", connections.get());
        counters.put("messages", messages.get());
        counters.put("trades_received", received.get());
        counters.put("snapshot_duplicates", duplicates.get());
        counters.put("unreadable", unreadable.get());
        return counters;
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** Joins fragmented text frames and hands whole messages on. */
    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> ended;
        private final StringBuilder partial = new StringBuilder();

        Listener(CompletableFuture<String> ended) {
            this.ended = ended;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ended.complete("status " + statusCode + (reason.isEmpty() ? "" : ", " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended.complete("error: " + error);
        }
    }
}

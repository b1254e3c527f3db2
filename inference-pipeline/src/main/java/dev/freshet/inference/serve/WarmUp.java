package dev.freshet.inference.serve;

import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.security.SecurityConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Warms the request path up before the service reports ready: once every model is loaded it sends itself
 * {@code freshet.inference.warm-up.requests} requests over loopback, {@value #IN_FLIGHT} at a time, half to
 * {@code /v2/models/{m}/infer} and half to {@code /predict}, with random values for the served version's features.
 * Readiness waits for it (or for {@code warm-up.timeout}); failures are counted and logged, never fatal. Skipped
 * when predictions are protected ({@code freshet.security.protect-predictions}). Its answers count apart
 * ({@code path="warm-up"}), and the HTTP server's request timers of the two paths are cleared before ready, so
 * that {@code http_server_requests_seconds} shows users' requests only.
 */
@ApplicationScoped
public class WarmUp {

    /**
     * The header that marks the service's own warm-up requests: answered as usual, counted apart. Its value is a
     * secret of this process ({@link #isOwn}), so a client cannot send it to keep its traffic out of the metrics.
     */
    public static final String HEADER = "X-Freshet-Warm-Up";
    private static final String TOKEN = java.util.HexFormat.of().formatHex(
            new java.security.SecureRandom().generateSeed(16));
    /** True when a request's {@link #HEADER} value is this process's own: a warm-up request it sent itself. */
    public static boolean isOwn(String headerValue) {
        return headerValue != null && java.security.MessageDigest.isEqual(
                headerValue.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Feature sets up to this wide get all {@code warm-up.requests}; wider ones proportionally fewer, so that the
     * warm-up sends about as many feature values (the compiler's work) whatever the width: 20,000 requests of 784
     * pixels did not finish within the timeout on two cores while the stream's backlog was being answered.
     */
    static final int REFERENCE_FEATURES = 20;
    /** The fewest requests a wide feature set's warm-up sends. */
    static final int MIN_REQUESTS = 500;

    /** Enough in flight to keep both cores busy compiling, few enough to finish each quickly. */
    static final int IN_FLIGHT = 8;
    private static final long CLEAR_AFTER_MILLIS = 100;

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    private final ModelServer server;
    private final InferenceConfig.WarmUp config;
    private final Vertx vertx;
    private final Instance<HttpServer> httpServer;
    private final MeterRegistry meters;
    private final CompletableFuture<Report> done = new CompletableFuture<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile HttpClient client;
    /** Requests of this warm-up, for the served feature set's width. */
    private volatile int requests;

    /** How the warm-up went. */
    public record Report(int requests, int answered, int failed, String firstFailure, Duration took, boolean timedOut) {}

    private final boolean predictionsProtected;

    public WarmUp(ModelServer server, InferenceConfig config, SecurityConfig security, Vertx vertx,
                  Instance<HttpServer> httpServer, MeterRegistry meters) {
        this.server = server;
        this.config = config.warmUp();
        this.predictionsProtected = security.protectPredictions();
        this.vertx = vertx;
        this.httpServer = httpServer;
        this.meters = meters;
    }

    void onStart(@Observes StartupEvent start) {
        if (config.requests() <= 0 || predictionsProtected) {
            if (predictionsProtected && config.requests() > 0) {
                LOG.info("No warm-up: predictions need a credential here and the service holds none of its own");
            }
            done.complete(new Report(0, 0, 0, null, Duration.ZERO, false));
            return;
        }
        server.whenReady().thenRun(() -> vertx.runOnContext(v -> {
            long started = System.nanoTime();
            try {
                run(started);
            } catch (RuntimeException e) { // never keep the service from ready
                firstFailure.compareAndSet(null, e.toString());
                finish(started, false);
            }
        }));
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (client != null) {
            client.close();
        }
    }

    /** What every readiness answer reports: all models loaded and the warm-up over. */
    public boolean serviceReady() {
        return server.ready() && done();
    }

    /** True once the warm-up has finished, failed or timed out (or was switched off). */
    public boolean done() {
        return done.isDone();
    }

    /** What it did, once {@link #done()}; requests sent and answered so far before. */
    public Report report() {
        return done.getNow(new Report(requests > 0 ? requests : config.requests(), answered.get(), failed.get(),
                firstFailure.get(), null, false));
    }

    private void run(long started) {
        int port = port();
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
        String model = server.defaultModel();
        List<String> features = server.serving(model).features();
        requests = requestsFor(config.requests(), features.size());
        SplittableRandom random = new SplittableRandom(port);
        AtomicInteger next = new AtomicInteger();
        long timer = vertx.setTimer(config.timeout().toMillis(), t -> finish(started, true));
        Runnable[] sendOne = new Runnable[1];
        sendOne[0] = () -> {
            int n = next.getAndIncrement();
            if (n >= requests || done.isDone()) {
                return;
            }
            boolean infer = n % 2 == 0;
            String uri = infer ? "/v2/models/" + model + "/infer" : "/predict?model=" + model;
            Buffer body = Buffer.buffer(infer ? inferBody(features, random) : predictBody(features, random));
            send(uri, body).onComplete(result -> {
                if (result.succeeded() && result.result() == 200) {
                    answered.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, result.succeeded() ? "HTTP " + result.result()
                            : result.cause().toString());
                }
                if (answered.get() + failed.get() >= requests) {
                    vertx.cancelTimer(timer);
                    finish(started, false);
                } else {
                    sendOne[0].run();
                }
            });
        };
        LOG.infof("Warming up: %,d requests to itself on port %d before reporting ready", requests, port);
        for (int i = 0; i < IN_FLIGHT; i++) {
            sendOne[0].run();
        }
    }

    /** {@code configured} for up to {@link #REFERENCE_FEATURES} features, proportionally fewer beyond. */
    static int requestsFor(int configured, int features) {
        if (features <= REFERENCE_FEATURES) {
            return configured;
        }
        long scaled = (long) configured * REFERENCE_FEATURES / features;
        return (int) Math.max(Math.min(configured, MIN_REQUESTS), scaled);
    }

    private Future<Integer> send(String uri, Buffer body) {
        return client.request(HttpMethod.POST, uri)
                .compose(request -> request.putHeader("Content-Type", "application/json").putHeader(HEADER, TOKEN).send(body))
                .compose(response -> response.body().map(b -> response.statusCode()));
    }

    private void finish(long started, boolean timedOut) {
        Report report = new Report(requests, answered.get(), failed.get(), firstFailure.get(),
                Duration.ofNanos(System.nanoTime() - started), timedOut);
        // A short grace first: the server times a request as its response ends, which can be just after the
        // client has read it.
        vertx.setTimer(CLEAR_AFTER_MILLIS, t -> {
            clearRequestTimers();
            report(report);
        });
    }

    /** The HTTP server's timers of the warm-up's two paths: they would show its cold requests as users' latency. */
    private void clearRequestTimers() {
        for (Meter meter : meters.find("http.server.requests").meters()) {
            String uri = meter.getId().getTag("uri");
            if (uri != null && (uri.equals("/predict") || uri.startsWith("/v2/models/") && uri.endsWith("/infer"))) {
                meters.remove(meter);
            }
        }
    }

    private void report(Report report) {
        if (done.complete(report)) {
            String how = String.format(Locale.ROOT, "%,d answered, %,d failed in %.1f s", report.answered(),
                    report.failed(), report.took().toMillis() / 1000.0);
            if (report.timedOut() || report.failed() > 0) {
                LOG.warnf("Warm-up %s%s%s; ready anyway", report.timedOut() ? "timed out: " : "", how,
                        report.firstFailure() == null ? "" : " (first failure: " + report.firstFailure() + ")");
            } else {
                LOG.infof("Warm-up done: %s", how);
            }
        }
    }

    private int port() {
        if (httpServer.isResolvable()) {
            int port = httpServer.get().getPort();
            if (port > 0) {
                return port;
            }
        }
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
    }

    private static String inferBody(List<String> features, SplittableRandom random) {
        JsonArray inputs = new JsonArray();
        for (String feature : features) {
            inputs.add(new JsonObject().put("name", feature).put("shape", new JsonArray().add(1))
                    .put("datatype", "FP64").put("data", new JsonArray().add(random.nextDouble())));
        }
        return new JsonObject().put("inputs", inputs).encode();
    }

    private static String predictBody(List<String> features, SplittableRandom random) {
        JsonObject values = new JsonObject();
        features.forEach(feature -> values.put(feature, random.nextDouble()));
        return new JsonObject().put("features", values).encode();
    }
}

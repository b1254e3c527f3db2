package dev.freshet.inference.bench;

import dev.freshet.bench.CpuTimes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model, fixed-rate load generator for the inference benchmarks: requests go out on schedule whatever
 * the answers do, and latency runs from each request's <em>intended</em> send time, so a stall counts for every
 * request it delayed (no coordinated omission). The client is Vert.x's (event loop, {@value #CONNECTIONS}
 * keep-alive connections): the JDK's own client could not send 2,000 requests/s here. More than
 * {@value #MAX_OUTSTANDING} unanswered requests count the next as an error instead of queueing it.
 */
final class FixedRateLoad implements AutoCloseable {

    static final int CONNECTIONS = 32;
    static final int MAX_OUTSTANDING = 1024;

    /** One fixed-rate run's figures; latency in microseconds. */
    record Result(int rate, long sent, long ok, long errors, double achieved, Histogram latency, Histogram sendLag,
                  CpuTimes.Share cpu) {
        boolean keptUp() {
            return errors == 0 && achieved >= 0.98 * rate && latency.getValueAtPercentile(99) < 100_000;
        }

        double percentileMillis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }

        String row(String what) {
            return String.format(Locale.ROOT, "| %s | %,d req/s offered, %,.0f answered/s | %,d sent, %d errors | p50 %.2f ms, "
                    + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms |", what, rate, achieved, sent, errors,
                    percentileMillis(50), percentileMillis(99), percentileMillis(99.9), latency.getMaxValue() / 1000.0)
                    + String.format(Locale.ROOT, " sent late: p99 %.2f ms, max %.2f ms | machine busy %.0f %%, stolen %.0f %% |",
                    sendLagMillis(99), sendLag.getMaxValue() / 1000.0, cpu.busyPercent(), cpu.stealPercent());
        }

        /** How late the generator itself sent: time its own thread waited for a core counts here, not in the service. */
        double sendLagMillis(double percentile) {
            return sendLag.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS));

    /** Sends {@code rate} requests/s of {@code bodies} (in turn) to {@code uri} for {@code duration}. */
    Result run(URI uri, byte[][] bodies, int rate, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        Histogram sendLag = new Histogram(3);
        Optional<CpuTimes> cpuBefore = CpuTimes.now();
        Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000;
        long total = duration.toSeconds() * rate;
        Buffer[] buffers = Arrays.stream(bodies).map(Buffer::buffer).toArray(Buffer[]::new);
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // no spinning: both cores are shared with the service
            }
            if (!outstanding.tryAcquire()) {
                errors.incrementAndGet();
                continue;
            }
            sendLag.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
            Buffer body = buffers[(int) (i % buffers.length)];
            client.request(HttpMethod.POST, uri.getPort(), uri.getHost(), uri.getPath())
                    .compose(request -> request.putHeader("Content-Type", "application/json").send(body))
                    .compose(response -> response.body().map(b -> response.statusCode()))
                    .onComplete(done -> {
                        outstanding.release();
                        recorder.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
                        if (done.succeeded() && done.result() == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    });
        }
        long sentDone = System.nanoTime();
        outstanding.acquire(MAX_OUTSTANDING); // every answer in
        outstanding.release(MAX_OUTSTANDING);
        double seconds = (Math.max(sentDone, System.nanoTime()) - start) / 1e9;
        return new Result(rate, total, ok.get(), errors.get(), ok.get() / seconds, recorder.getIntervalHistogram(), sendLag,
                cpuBefore.flatMap(before -> CpuTimes.now().map(after -> after.since(before)))
                        .orElse(new CpuTimes.Share(Double.NaN, Double.NaN)));
    }

    /**
     * Runs the generator for {@code duration} against an answering server of its own on loopback, so that its client
     * is compiled before it measures anything, without touching the service measured.
     */
    void warmUpOwnClient(byte[][] bodies, int rate, Duration duration) throws Exception {
        HttpServer echo = vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response().end("{}")))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        try {
            run(URI.create("http://127.0.0.1:" + echo.actualPort() + "/warm-up"), bodies, rate, duration);
        } finally {
            echo.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}

package dev.freshet.inference.bench;

import dev.freshet.bench.CpuTimes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model, fixed-rate load generator for the inference benchmarks: requests go out on schedule whatever
 * the answers do, and latency runs from each request's <em>intended</em> send time, so a stall counts for every
 * request it delayed (no coordinated omission).
 *
 * <p>Its own lateness counts as the service's, so it is kept lean: {@value #CONNECTIONS} keep-alive HTTP/1.1
 * connections on plain sockets, requests written whole from bytes prepared before the run, a thread per connection
 * reading answers into a buffer of its own, nothing allocated per request (its collector never runs while it
 * measures). A request goes to an idle connection, else is pipelined behind the fewest; more than
 * {@value #MAX_OUTSTANDING} unanswered requests count the next as an error instead of queueing it. The Vert.x client
 * used before allocated futures and buffers per request: against the same bare server its p99.9 was 0.7–4.6 ms where
 * this one's is 0.56 ms (docs/benchmark-history.md).
 */
final class FixedRateLoad implements AutoCloseable {

    static final int CONNECTIONS = 16;
    /** Unanswered requests one connection may hold (a power of two: its ring of send times). */
    static final int DEPTH = 64;
    static final int MAX_OUTSTANDING = CONNECTIONS * DEPTH;

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

    private final List<Connection> connections = new ArrayList<>();
    private InetSocketAddress connectedTo;

    /** Sends {@code rate} requests/s of {@code bodies} (in turn) to {@code uri} for {@code duration}. */
    Result run(URI uri, byte[][] bodies, int rate, Duration duration) throws IOException, InterruptedException {
        connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        byte[][] requests = new byte[bodies.length][];
        for (int i = 0; i < bodies.length; i++) {
            requests[i] = request(uri, bodies[i]);
        }
        Recorder recorder = new Recorder(3);
        Histogram sendLag = new Histogram(3_600_000_000L, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        for (Connection c : connections) {
            c.startRun(recorder, ok, errors);
        }
        Optional<CpuTimes> cpuBefore = CpuTimes.now();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000;
        long total = duration.toSeconds() * rate;
        int next = 0;
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // no spinning: both cores are shared with the service
            }
            Connection c = pick(next);
            next = next + 1 == connections.size() ? 0 : next + 1;
            if (c == null) {
                errors.incrementAndGet();
                continue;
            }
            sendLag.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
            c.send(requests[(int) (i % requests.length)], intended);
        }
        long sentDone = System.nanoTime();
        long deadline = sentDone + 30_000_000_000L;
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // every answer in
        }
        long lost = 0;
        for (Connection c : connections) {
            lost += c.abandon(); // requests unanswered 30 s after the last send, or on a closed connection: errors
        }
        double seconds = (Math.max(sentDone, System.nanoTime()) - start) / 1e9;
        connections.removeIf(c -> c.closed);
        return new Result(rate, total, ok.get(), errors.get() + lost, ok.get() / seconds, recorder.getIntervalHistogram(),
                sendLag, cpuBefore.flatMap(before -> CpuTimes.now().map(after -> after.since(before)))
                        .orElse(new CpuTimes.Share(Double.NaN, Double.NaN)));
    }

    /** An idle connection if there is one (looking from {@code from}), else the one holding fewest; null if all are full. */
    private Connection pick(int from) {
        Connection best = null;
        int fewest = DEPTH;
        int n = connections.size();
        for (int k = 0; k < n; k++) {
            Connection c = connections.get((from + k) % n);
            int held = c.closed ? DEPTH : c.outstanding.get();
            if (held == 0) {
                return c;
            }
            if (held < fewest) {
                fewest = held;
                best = c;
            }
        }
        return best;
    }

    private long outstanding() {
        long held = 0;
        for (Connection c : connections) {
            held += c.closed ? 0 : c.outstanding.get();
        }
        return held;
    }

    private void connect(InetSocketAddress address) throws IOException {
        if (!address.equals(connectedTo)) {
            close();
            connectedTo = address;
        }
        while (connections.size() < CONNECTIONS) {
            connections.add(new Connection(address));
        }
    }

    private static byte[] request(URI uri, byte[] body) {
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            c.close();
        }
        connections.clear();
        connectedTo = null;
    }

    /** One keep-alive connection: the sending thread writes, a thread of its own reads and times the answers in order. */
    private static final class Connection {
        final AtomicInteger outstanding = new AtomicInteger();
        private final AtomicLongArray sendTimes = new AtomicLongArray(DEPTH);
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private long written;
        private volatile Run run;
        volatile boolean closed;

        private record Run(Recorder recorder, AtomicLong ok, AtomicLong errors) {}

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            Thread reader = new Thread(this::readAnswers, "load-reader-" + socket.getLocalPort());
            reader.setDaemon(true);
            reader.start();
        }

        void startRun(Recorder recorder, AtomicLong ok, AtomicLong errors) {
            run = new Run(recorder, ok, errors);
        }

        void send(byte[] request, long intended) {
            sendTimes.set((int) (written++ & (DEPTH - 1)), intended);
            outstanding.incrementAndGet();
            try {
                out.write(request);
            } catch (IOException e) {
                close();
            }
        }

        /** Closes a connection still holding requests; returns how many it held. */
        int abandon() {
            int held = outstanding.getAndSet(0);
            if (held > 0) {
                close();
            }
            return held;
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private void readAnswers() {
            HttpAnswerParser parser = new HttpAnswerParser();
            byte[] buffer = new byte[64 * 1024];
            long answered = 0;
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    int at = 0;
                    while (at < n) {
                        at = parser.feed(buffer, at, n);
                        if (parser.complete()) {
                            long intended = sendTimes.get((int) (answered++ & (DEPTH - 1)));
                            Run current = run;
                            current.recorder.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
                            (parser.status() == 200 ? current.ok : current.errors).incrementAndGet();
                            outstanding.decrementAndGet();
                            parser.reset();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a closed socket ends the reader; what it held is counted by abandon()
            }
            closed = true;
        }
    }
}

package dev.freshet.testinfra.fuzz;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Sends generated HTTP requests to a running service and checks every answer: never a 5xx, an error answered as
 * JSON with an {@code error} field (never an HTML page or a stack), and no answer larger than
 * {@value #ANSWER_FACTOR}× its request plus {@value #ANSWER_SLACK} bytes (one request must not make the service
 * build a large answer; reads of the service's state, sized by its own bounds, aside). The heap after a full collection is measured before and after, for the suite to bound.
 * With {@value BenchRecorder#RESULTS_DIR} set ({@code make reliability}), the outcomes go to BENCHMARKS.md.
 */
public final class RestFuzzRun {

    /** Largest answer, in multiples of its request's size, beyond {@link #ANSWER_SLACK}. */
    public static final int ANSWER_FACTOR = 8;
    /** Answer bytes allowed whatever the request: status pages and metadata are bigger than their GET. */
    public static final int ANSWER_SLACK = 64 * 1024;

    /**
     * One generated request.
     *
     * @param kind    what it tries, for the report
     * @param method  GET, POST, PUT…
     * @param path    path and query, already encoded
     * @param headers extra headers
     * @param body    the body, empty for none
     * @param sized   whether the answer's size is held to the request's: not for a read of the service's state
     *                (status, dashboard), whose size its own bounds decide
     */
    public record Request(String kind, String method, String path, Map<String, String> headers, byte[] body,
                          boolean sized) {
        public Request(String kind, String method, String path, Map<String, String> headers, byte[] body) {
            this(kind, method, path, headers, body, true);
        }

        public static Request get(String kind, String path) {
            return new Request(kind, "GET", path, Map.of(), new byte[0]);
        }

        /** A read of the service's state: its answer is not held to the request's size. */
        public static Request stateRead(String kind, String path) {
            return new Request(kind, "GET", path, Map.of(), new byte[0], false);
        }

        public static Request json(String kind, String method, String path, String body) {
            return new Request(kind, method, path, Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, long[]> byKind = new TreeMap<>(); // requests, 2xx, 4xx, 5xx, largest answer
    private final List<String> problems = new ArrayList<>();
    private long heapBefore;
    private long heapAfter;
    private int requests;
    private double seconds;
    private final java.time.Instant startedAt = java.time.Instant.now();

    private RestFuzzRun() {}

    /** Sends every request in order, one at a time, and checks each answer. */
    public static RestFuzzRun send(URI root, List<Request> requests) throws Exception {
        RestFuzzRun run = new RestFuzzRun();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        run.heapBefore = heapAfterCollection();
        long started = System.nanoTime();
        for (Request request : requests) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(root.resolve(request.path())).timeout(Duration.ofSeconds(30))
                    .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
            HttpResponse<byte[]> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            run.check(request, answer);
        }
        run.seconds = (System.nanoTime() - started) / 1e9;
        run.requests = requests.size();
        run.heapAfter = heapAfterCollection();
        return run;
    }

    private void check(Request request, HttpResponse<byte[]> answer) {
        int status = answer.statusCode();
        long[] counts = byKind.computeIfAbsent(request.kind(), k -> new long[5]);
        counts[0]++;
        counts[status >= 500 ? 3 : status >= 400 ? 2 : 1]++;
        counts[4] = Math.max(counts[4], answer.body().length);
        String what = request.method() + " " + cut(request.path(), 120) + " (" + request.kind() + ", "
                + request.body().length + " bytes: " + cut(new String(request.body(), StandardCharsets.UTF_8), 120) + ")";
        if (status >= 500) {
            problems.add(status + " for " + what + ": " + cut(new String(answer.body(), StandardCharsets.UTF_8), 300));
        }
        long limit = (long) ANSWER_FACTOR * (request.body().length + request.path().length()) + ANSWER_SLACK;
        if (request.sized() && answer.body().length > limit) {
            problems.add("an answer of " + answer.body().length + " bytes (limit " + limit + ") for " + what);
        }
        if (status >= 400 && answer.body().length > 0) {
            String type = answer.headers().firstValue("Content-Type").orElse("");
            String body = new String(answer.body(), StandardCharsets.UTF_8);
            if (!type.startsWith("application/json") || !body.contains("\"error\"")) {
                problems.add(status + " answered as " + type + " without a JSON error for " + what + ": " + cut(body, 200));
            }
        }
    }

    /** Fails with the first problems found, if any. */
    public void assertClean() {
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problems in " + requests + " fuzzed requests:\n"
                    + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        }
    }

    /** Requests of {@code kind} answered 2xx. */
    public long answered(String kind) {
        long[] counts = byKind.get(kind);
        return counts == null ? 0 : counts[1];
    }

    /** Answers of 5xx. */
    public long serverErrors() {
        return byKind.values().stream().mapToLong(c -> c[3]).sum();
    }

    /** Heap growth across the run, after a full collection each side, in bytes. */
    public long heapGrowth() {
        return heapAfter - heapBefore;
    }

    public int requests() {
        return requests;
    }

    /** Writes the outcomes for BENCHMARKS.md when {@value BenchRecorder#RESULTS_DIR} is set. */
    public void report(String name, String service, String setup) {
        System.out.printf("%s: %d requests to %s in %.1f s, %d of 5xx, heap %+d KiB%n", name, requests, service, seconds,
                serverErrors(), heapGrowth() / 1024);
        if (System.getProperty(BenchRecorder.RESULTS_DIR) == null) {
            return;
        }
        BenchRecorder recorder = BenchRecorder.named(name, "Reliability: REST fuzz, " + service, 21)
                .command("make reliability").startedAt(startedAt).setup(setup + " Checked on every answer: no 5xx, errors as JSON with an "
                        + "`error` field, no answer larger than " + ANSWER_FACTOR + "× its request plus "
                        + ANSWER_SLACK / 1024 + " KiB.");
        recorder.figure(Figure.of(service + ": requests tried", "requests", Stats.single(requests)));
        recorder.figure(Figure.of(service + ": answers of 5xx", "answers", Stats.single(serverErrors()))
                .target(Target.atMost(0, "issue 21")));
        recorder.figure(Figure.of(service + ": heap growth after a full GC", "MiB",
                Stats.single(heapGrowth() / 1048576.0)));
        byKind.forEach((kind, c) -> recorder.note(String.format("%s: %d requests, %d answered 2xx, %d 4xx, %d 5xx, "
                + "largest answer %d bytes", kind, c[0], c[1], c[2], c[3], c[4])));
        recorder.write();
    }

    /** Used heap after the collector has run: the service shares this JVM in a {@code @QuarkusTest}. */
    public static long heapAfterCollection() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code valid} with one to three random deletions, insertions of {@code fragments} or replacements. */
    public static String mutate(Random random, String valid, String[] fragments) {
        StringBuilder b = new StringBuilder(valid);
        for (int k = 1 + random.nextInt(3); k > 0 && b.length() > 0; k--) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, fragments[random.nextInt(fragments.length)]);
                default -> b.replace(at, Math.min(b.length(), at + 1 + random.nextInt(4)),
                        fragments[random.nextInt(fragments.length)]);
            }
        }
        return b.toString();
    }

    /** Random bytes read as Latin-1, so that every byte survives as one character. */
    public static String randomText(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + ")";
    }
}

package dev.freshet.demo.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link Snapshot} from the running services: {@code /training/status}, {@code /inference/status} and
 * the feature pipeline's Prometheus metrics (the source's simulated clock and examples sent).
 */
public final class ServiceStatusClient {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Pattern EXAMPLES_SENT =
            Pattern.compile("^freshet_source_examples_sent_total(?:\\{[^}]*})? ([0-9.eE+-]+)", Pattern.MULTILINE);

    /** Labelled answers a version needs before its live accuracy is shown. */
    static final long MIN_LABELLED = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Pattern clock;
    private final URI pipeline;
    private final URI training;
    private final URI inference;

    public ServiceStatusClient(URI pipeline, URI training, URI inference) {
        this(pipeline, training, inference, DriftClock.simulatedHours(0).counter());
    }

    /** @param clockCounter the source counter that tells the source's clock ({@link DriftClock#counter()}) */
    public ServiceStatusClient(URI pipeline, URI training, URI inference, String clockCounter) {
        this.clock = Pattern.compile("^freshet_source_counter\\{[^}]*name=\"" + Pattern.quote(clockCounter)
                + "\"[^}]*} ([0-9.eE+-]+)", Pattern.MULTILINE);
        this.pipeline = pipeline;
        this.training = training;
        this.inference = inference;
    }

    /** One reading of all three; whatever does not answer in time is left empty. */
    public Snapshot read(Duration elapsed) {
        long clockValue = -1;
        long sent = 0;
        Optional<String> metrics = get(pipeline.resolve("q/metrics"));
        if (metrics.isPresent()) {
            clockValue = (long) number(clock, metrics.get(), -1);
            sent = (long) number(EXAMPLES_SENT, metrics.get(), 0);
        }
        Map<String, JsonNode> trained = byName(json(training.resolve("training/status")), "name");
        Map<String, JsonNode> served = byName(json(inference.resolve("inference/status")), "model");
        List<String> names = new ArrayList<>(trained.keySet());
        served.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        List<Snapshot.ModelSnapshot> models = new ArrayList<>();
        for (String name : names) {
            JsonNode t = trained.get(name);
            JsonNode s = served.get(name);
            Long serving = s == null ? null : longOrNull(s.get("servingVersion"));
            JsonNode drift = t == null ? null : t.get("lastDrift");
            boolean hasDrift = drift != null && !drift.isNull();
            Snapshot.DriftWatch watch = watch(t, s);
            models.add(new Snapshot.ModelSnapshot(name,
                    t == null ? null : longOrNull(t.get("latestVersion")),
                    t == null ? null : longOrNull(t.get("champion")),
                    t == null ? 0 : t.path("examplesSeen").asLong(),
                    prequentialAccuracy(t, watch),
                    t == null ? 0 : t.path("drifts").asLong(),
                    hasDrift ? Instant.parse(drift.path("at").asText()) : null,
                    hasDrift ? drift.path("example").asLong() : -1,
                    serving, liveAccuracy(s, serving), watch));
        }
        return new Snapshot(elapsed, clockValue, sent, models);
    }

    /**
     * Training's accuracy over its rolling window (the last day of the drone stream, whichever learner tested each
     * example), read from its confusion matrix: the window live accuracy uses too. The gate's own figure
     * ({@code rollingAccuracy}) starts again at every champion move, so it covers a varying stretch; it stands in
     * only for a trainer that reports no matrix.
     */
    private static double prequentialAccuracy(JsonNode trained, Snapshot.DriftWatch watch) {
        if (trained == null) {
            return Double.NaN;
        }
        if (watch.confusion() != null) {
            return watch.confusion().accuracy();
        }
        return doubleOf(trained.get("rollingAccuracy"));
    }

    /** Training's drift watch and rolling confusion matrix, and inference's live one. */
    private static Snapshot.DriftWatch watch(JsonNode trained, JsonNode served) {
        if (trained == null && served == null) {
            return Snapshot.DriftWatch.NONE;
        }
        JsonNode w = trained == null ? JSON.missingNode() : trained.path("driftWatch");
        JsonNode drift = trained == null ? JSON.missingNode() : trained.path("lastDrift");
        String change = "";
        double before = doubleOf(drift.get("errorBefore"));
        double after = doubleOf(drift.get("errorAfter"));
        if (Double.isFinite(before) && Double.isFinite(after)) {
            change = String.format(java.util.Locale.ROOT, "error %.2f -> %.2f", before, after);
        }
        JsonNode c = w.path("challenger");
        String challenger = c.isMissingNode() || c.isNull() ? "" : String.format(java.util.Locale.ROOT,
                "%s, from example %,d", c.path("start").asText(), c.path("startedAtExample").asLong());
        return new Snapshot.DriftWatch(w.path("reaction").asText(""), change, w.path("challengersStarted").asLong(),
                w.path("challengersPromoted").asLong(), w.path("challengersDropped").asLong(), w.path("resets").asLong(),
                challenger, confusion(trained == null ? null : trained.get("confusion")),
                confusion(served == null ? null : served.get("live")));
    }

    private static Snapshot.Confusion confusion(JsonNode node) {
        if (node == null || node.isNull() || !node.has("labels")) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        node.path("labels").forEach(l -> labels.add(l.asText()));
        JsonNode rows = node.has("counts") ? node.path("counts") : node.path("confusion");
        long[][] counts = new long[labels.size()][labels.size()];
        for (int a = 0; a < labels.size() && a < rows.size(); a++) {
            for (int p = 0; p < labels.size() && p < rows.get(a).size(); p++) {
                counts[a][p] = rows.get(a).get(p).asLong();
            }
        }
        return new Snapshot.Confusion(labels, counts);
    }

    /**
     * The live accuracy over the model's own window (every version it served) once it holds {@link #MIN_LABELLED}
     * labelled answers; before that, the newest version's with that many: the served version itself once its labels
     * came, else the one it replaced. (Versions come every few seconds in the demo, and labels an hour of simulated
     * time after their features.)
     */
    private static double liveAccuracy(JsonNode served, Long servingVersion) {
        if (served == null || servingVersion == null) {
            return Double.NaN;
        }
        // The model's own window, whatever version answered, once it holds enough answers.
        JsonNode live = served.get("live");
        if (live != null && !live.isNull() && live.path("window").asLong() >= MIN_LABELLED) {
            return doubleOf(live.get("accuracy"));
        }
        double accuracy = Double.NaN;
        long newest = -1;
        for (JsonNode figures : served.path("liveAccuracy")) {
            long version = figures.path("version").asLong();
            if (version <= servingVersion && version > newest && figures.path("labelled").asLong() >= MIN_LABELLED) {
                newest = version;
                accuracy = doubleOf(figures.get("accuracy"));
            }
        }
        return accuracy;
    }

    private static Map<String, JsonNode> byName(Optional<JsonNode> status, String field) {
        Map<String, JsonNode> models = new LinkedHashMap<>();
        status.ifPresent(s -> s.path("models").forEach(m -> models.put(m.path(field).asText(), m)));
        return models;
    }

    private static Long longOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asLong();
    }

    /** Jackson writes NaN as a string ("NaN") or a bare token, depending on the service's settings. */
    private static double doubleOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        return node.isNumber() ? node.asDouble() : parse(node.asText());
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double number(Pattern pattern, String text, double absent) {
        Matcher m = pattern.matcher(text);
        return m.find() ? parse(m.group(1)) : absent;
    }

    private Optional<JsonNode> json(URI uri) {
        return get(uri).flatMap(body -> {
            try {
                return Optional.of(JSON.readTree(body));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<String> get(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

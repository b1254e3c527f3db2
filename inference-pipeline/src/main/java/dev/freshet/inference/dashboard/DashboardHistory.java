package dev.freshet.inference.dashboard;

import dev.freshet.inference.serve.ModelServer;
import dev.freshet.inference.serve.PredictionMeter;
import dev.freshet.inference.serve.LoadedVersion;
import dev.freshet.inference.stream.LiveAccuracy;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.events.ModelEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * What the dashboard draws, kept in memory for the last hour: a sample every few seconds (served versions, live
 * accuracy and coverage per model version and per model, answers per second), the registry's timeline (versions
 * published with training's prequential accuracy, champion moves, drift and what was done about it), and the
 * confusion matrices per model: training's over its rolling window as the newest version recorded it, and the live
 * one of the answers served.
 */
@ApplicationScoped
public class DashboardHistory {

    private static final Logger LOG = Logger.getLogger(DashboardHistory.class);
    private static final int MAX_SAMPLES = 1800;
    private static final int MAX_EVENTS = 1000;
    private static final int VERSIONS_SEEDED = 200;

    /**
     * One sample of the service.
     *
     * @param live      per model, each version's own window
     * @param liveModel per model, the live accuracy over its own window whatever version answered
     */
    public record Sample(long t, Map<String, Long> served, double predictionsPerSecond,
                         Map<String, List<LiveAccuracy.Figures>> live, Map<String, Double> liveModel) {}

    /** A confusion matrix: rows true label, columns predicted label, in {@code labels} order. */
    public record Confusion(List<String> labels, long[][] counts) {}

    /** A model's two confusion matrices, either null until known. */
    public record Confusions(Confusion training, Confusion live) {}

    /**
     * One registry event as drawn.
     *
     * @param trainingAccuracy training's rolling prequential accuracy of a published version, when recorded
     */
    public record TimelineEvent(long t, String type, String model, Long version, Long previousVersion,
                                Double trainingAccuracy, String detail) {}

    /** Everything the page needs at once. */
    public record Data(List<String> models, double abstainBelow, List<Sample> samples, List<TimelineEvent> events,
                       Map<String, Confusions> confusion) {}

    private final ModelServer server;
    private final ModelRegistry registry;
    private final LiveAccuracy liveAccuracy;
    private final PredictionMeter meter;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ArrayDeque<TimelineEvent> events = new ArrayDeque<>();
    /** Published versions already on the timeline: seeding and events may both bring one. */
    /** Versions whose publication is on the timeline already, newest last; as bounded as the timeline. */
    private final java.util.LinkedHashSet<String> published = new java.util.LinkedHashSet<>();
    /** Training's rolling confusion matrix per model, from the newest version's manifest metrics. */
    private final Map<String, Confusion> trainingConfusion = new LinkedHashMap<>();
    private long lastTotal = -1;
    private long lastAt;

    public DashboardHistory(ModelServer server, ModelRegistry registry, LiveAccuracy liveAccuracy, PredictionMeter meter) {
        this.server = server;
        this.registry = registry;
        this.liveAccuracy = liveAccuracy;
        this.meter = meter;
    }

    /** The versions already published, so that a page opened after a restart still has a timeline. */
    void onStart(@Observes StartupEvent start) {
        CompletableFuture.runAsync(() -> {
            for (String model : server.names()) {
                try {
                    List<Manifest> versions = registry.versions(model);
                    if (!versions.isEmpty() && versions.get(versions.size() - 1).metrics() != null) {
                        Confusion newest = confusion(new LinkedHashMap<>(versions.get(versions.size() - 1).metrics()));
                        if (newest != null) {
                            synchronized (this) {
                                trainingConfusion.putIfAbsent(model, newest);
                            }
                        }
                    }
                    versions.stream().skip(Math.max(0, versions.size() - VERSIONS_SEEDED))
                            .forEach(m -> add(new TimelineEvent(m.createdAt().toEpochMilli(),
                                    ModelEvent.Type.VERSION_PUBLISHED.name(), model, m.version(), m.parentVersion(),
                                    m.metric("rolling.accuracy"), null)));
                } catch (RuntimeException e) {
                    LOG.warnf("%s: the dashboard's timeline starts empty (%s)", model, e.getMessage());
                }
            }
        });
    }

    @Scheduled(every = "${freshet.inference.dashboard.sample-interval}", identity = "dashboard-sample")
    synchronized void sample() {
        long now = System.currentTimeMillis();
        long total = meter.total();
        double rate = lastTotal < 0 || now == lastAt ? 0 : (total - lastTotal) * 1000.0 / (now - lastAt);
        lastTotal = total;
        lastAt = now;
        Map<String, Long> served = new LinkedHashMap<>();
        server.all().forEach(m -> served.put(m.name(), m.current().map(LoadedVersion::version).orElse(null)));
        Map<String, Double> liveModel = new LinkedHashMap<>();
        liveAccuracy.modelFigures().forEach((model, f) -> liveModel.put(model, Double.isFinite(f.accuracy()) ? f.accuracy()
                : null));
        samples.addLast(new Sample(now, served, rate, liveAccuracy.figures(), liveModel));
        while (samples.size() > MAX_SAMPLES) {
            samples.removeFirst();
        }
    }

    /** A registry event, as it arrives. */
    public void record(ModelEvent event) {
        Double training = null;
        String detail = null;
        switch (event.type()) {
            case VERSION_PUBLISHED -> {
                training = number(event.details().get("rolling.accuracy"));
                // Only served models': the topic is open to every producer, the map is not to grow with it.
                Confusion confusion = server.names().contains(event.model()) ? confusion(event.details()) : null;
                if (confusion != null) {
                    synchronized (this) {
                        trainingConfusion.put(event.model(), confusion);
                    }
                }
            }
            case ALIAS_MOVED -> detail = event.alias() + (event.details().containsKey("reason")
                    ? ": " + event.details().get("reason") : "");
            case DRIFT_DETECTED -> detail = event.details().get("detector") + " at example "
                    + event.details().get("example") + (event.details().containsKey("errorBefore")
                    ? String.format(java.util.Locale.ROOT, ", error %.2f -> %.2f",
                    number(event.details().get("errorBefore")), number(event.details().get("errorAfter"))) : "");
            case DRIFT_REACTION -> detail = event.details().get("reaction") + ": " + event.details().get("detail");
        }
        add(new TimelineEvent(event.at() == null ? System.currentTimeMillis() : event.at().toEpochMilli(),
                event.type().name(), event.model(), event.version(), event.previousVersion(), training, detail));
    }

    private synchronized void add(TimelineEvent event) {
        if (event.type().equals(ModelEvent.Type.VERSION_PUBLISHED.name())) {
            if (!published.add(event.model() + '\u0000' + event.version())) {
                return;
            }
            if (published.size() > MAX_EVENTS) {
                published.remove(published.iterator().next());
            }
        }
        events.addLast(event);
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    public synchronized Data data(double abstainBelow) {
        List<TimelineEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(TimelineEvent::t));
        Map<String, Confusions> confusion = new LinkedHashMap<>();
        Map<String, LiveAccuracy.ModelFigures> live = liveAccuracy.modelFigures();
        for (String model : server.names()) {
            LiveAccuracy.ModelFigures f = live.get(model);
            confusion.put(model, new Confusions(trainingConfusion.get(model),
                    f == null ? null : new Confusion(f.labels(), f.confusion())));
        }
        return new Data(server.names(), abstainBelow, List.copyOf(samples), sorted, confusion);
    }

    /** The confusion matrix a version's metrics carry as {@code confusion.<actual>-><predicted>}, or null. */
    static Confusion confusion(Map<String, Object> metrics) {
        List<String> labels = new ArrayList<>();
        Map<String, Long> cells = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            int arrow = key.indexOf("->");
            if (key.startsWith("confusion.") && arrow > 0 && value instanceof Number n) {
                String actual = key.substring("confusion.".length(), arrow);
                String predicted = key.substring(arrow + 2);
                for (String label : List.of(actual, predicted)) {
                    if (!labels.contains(label)) {
                        labels.add(label);
                    }
                }
                cells.put(actual + '\u0000' + predicted, n.longValue());
            }
        });
        if (labels.isEmpty()) {
            return null;
        }
        long[][] counts = new long[labels.size()][labels.size()];
        for (int a = 0; a < labels.size(); a++) {
            for (int p = 0; p < labels.size(); p++) {
                counts[a][p] = cells.getOrDefault(labels.get(a) + '\u0000' + labels.get(p), 0L);
            }
        }
        return new Confusion(labels, counts);
    }

    private static Double number(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }
}

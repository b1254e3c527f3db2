package dev.freshet.demo.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The demo's readings in order: turns each new {@link Snapshot} into the events worth a line (a version
 * published, the champion moved, a drift detected, the drift injected, a new version served) and, at the end,
 * into a {@link Summary} of accuracy before and after the injected drift.
 */
public final class DemoTimeline {

    /** How far before the injected drift the "before" figures look. */
    static final Duration BEFORE_WINDOW = Duration.ofSeconds(30);
    /** How far back from the end the "end" figures look. */
    static final Duration END_WINDOW = Duration.ofSeconds(15);

    private final DriftClock clock;
    private final List<Snapshot> samples = new ArrayList<>();
    private final Map<String, List<Long>> championMoves = new LinkedHashMap<>();
    /** Per model, the first champion it served from the drift on, and when. */
    private final Map<String, ChampionMove> firstChampionAfterDrift = new LinkedHashMap<>();
    private final Map<String, List<DriftSignal>> driftSignals = new LinkedHashMap<>();
    private final Map<String, List<Reaction>> reactions = new LinkedHashMap<>();
    private Duration driftInjected;
    private Instant driftInjectedAt;

    /** @param driftHour the simulated hour at which the drone source's rules change */
    public DemoTimeline(long driftHour) {
        this(DriftClock.simulatedHours(driftHour));
    }

    /** @param clock the source's clock and where on it the concept changes */
    public DemoTimeline(DriftClock clock) {
        this.clock = clock;
    }

    /** A champion served from {@code after} since the injected drift on. */
    public record ChampionMove(long from, long to, Duration after) {}

    /** A challenger promoted (or another reaction), with the newest version then. */
    public record Reaction(String kind, Long version) {}

    /** A drift a model's detector signalled, relative to the injected one when that had happened. */
    public record DriftSignal(long example, Instant at, Duration afterInjection) {}

    /** Adds a reading; returns the events it shows, as lines for the terminal. */
    public List<String> add(Snapshot reading, Instant wallClock) {
        List<String> events = new ArrayList<>();
        Snapshot before = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        Snapshot now = carriedForward(reading, before);
        List<String> moves = new ArrayList<>();
        if (driftInjected == null && now.clock() >= clock.driftAt()) {
            driftInjected = now.elapsed();
            driftInjectedAt = wallClock;
            events.add("drift injected: the source's concept changed at " + clock.driftPoint());
        }
        for (Snapshot.ModelSnapshot m : now.models()) {
            Snapshot.ModelSnapshot was = before == null ? null : before.model(m.name()).orElse(null);
            List<Long> champions = championMoves.computeIfAbsent(m.name(), k -> new ArrayList<>());
            if (m.champion() != null && (champions.isEmpty() || !champions.get(champions.size() - 1).equals(m.champion()))) {
                if (!champions.isEmpty()) {
                    long from = champions.get(champions.size() - 1);
                    moves.add(String.format(Locale.ROOT, "%s v%d -> v%d", m.name(), from, m.champion()));
                    if (driftInjected != null) {
                        firstChampionAfterDrift.putIfAbsent(m.name(), new ChampionMove(from, m.champion(),
                                now.elapsed().minus(driftInjected)));
                    }
                }
                champions.add(m.champion());
            }
            long previousDrifts = was == null ? m.drifts() : was.drifts();
            if (m.drifts() > previousDrifts && m.lastDriftAt() != null) {
                Duration after = driftInjectedAt == null ? null : Duration.between(driftInjectedAt, m.lastDriftAt());
                List<DriftSignal> signals = driftSignals.computeIfAbsent(m.name(), k -> new ArrayList<>());
                boolean firstAfterInjection = after != null && signals.stream().noneMatch(d -> d.afterInjection() != null);
                signals.add(new DriftSignal(m.lastDriftExample(), m.lastDriftAt(), after));
                // A detector may signal often while a model learns; the first signal after the drift is the news.
                if (firstAfterInjection) {
                    events.add(String.format(Locale.ROOT, "%s: drift detected at example %,d, %d s after the "
                            + "injected drift%s", m.name(), m.lastDriftExample(), after.toSeconds(),
                            m.watch().lastChange().isEmpty() ? "" : " (" + m.watch().lastChange() + ")"));
                }
            }
            Snapshot.DriftWatch w = m.watch();
            Snapshot.DriftWatch wasWatch = was == null ? w : was.watch();
            if (w.challengersStarted() > wasWatch.challengersStarted()) {
                events.add(m.name() + ": a challenger started beside it (" + w.challenger() + ")");
            }
            if (w.challengersPromoted() > wasWatch.challengersPromoted()) {
                events.add(m.name() + ": the challenger beat the model and the champion and replaced the model");
                reactions.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(new Reaction("promoted",
                        m.latestVersion()));
            }
            if (w.challengersDropped() > wasWatch.challengersDropped()) {
                events.add(m.name() + ": a challenger was dropped (it did not beat the model)");
            }
            if (w.resets() > wasWatch.resets()) {
                events.add(m.name() + ": reset to fresh weights after the drift");
            }
        }
        if (!moves.isEmpty()) {
            events.add(0, "champion moved: " + String.join(", ", moves));
        }
        samples.add(now);
        return events;
    }

    /**
     * A training figure that is empty for a moment (the gate's figure, read from a trainer that reports no confusion
     * matrix, starts again at each champion move): the value read before stands in, so that figures do not blink.
     */
    private static Snapshot carriedForward(Snapshot now, Snapshot before) {
        if (before == null) {
            return now;
        }
        List<Snapshot.ModelSnapshot> models = new ArrayList<>();
        for (Snapshot.ModelSnapshot m : now.models()) {
            Snapshot.ModelSnapshot was = before.model(m.name()).orElse(null);
            if (was != null && Double.isNaN(m.prequentialAccuracy()) && m.latestVersion() != null) {
                m = m.withPrequential(was.prequentialAccuracy());
            }
            models.add(m);
        }
        return new Snapshot(now.elapsed(), now.clock(), now.examplesSent(), models);
    }

    /** The progress line of the last reading added (empty before the first). */
    public String progressLine() {
        return samples.isEmpty() ? "" : progressLine(samples.get(samples.size() - 1));
    }

    /** One line for the progress bar: examples, and per model version, champion and accuracy. */
    public static String progressLine(Snapshot s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "examples %,d", s.examplesSent()));
        for (Snapshot.ModelSnapshot m : s.models()) {
            line.append(String.format(Locale.ROOT, " | %s v%s champion v%s acc %s live %s",
                    m.name(), text(m.latestVersion()), text(m.champion()), percent(m.prequentialAccuracy()),
                    percent(m.liveAccuracy())));
        }
        return line.toString();
    }

    /** Every reading added, in order. */
    public List<Snapshot> samples() {
        return List.copyOf(samples);
    }

    /** The source's clock and where on it the concept changes. */
    public DriftClock clock() {
        return clock;
    }

    /** When the drift was injected, since watching began; null while it has not been. */
    public Duration driftInjected() {
        return driftInjected;
    }

    /** The figures of the whole run. */
    public Summary summary() {
        List<ModelSummary> models = new ArrayList<>();
        Snapshot first = samples.isEmpty() ? null : samples.get(0);
        Snapshot last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        if (last == null) {
            return new Summary(Duration.ZERO, clock, null, 0, List.of());
        }
        for (Snapshot.ModelSnapshot m : last.models()) {
            String name = m.name();
            Long firstVersion = first.model(name).map(Snapshot.ModelSnapshot::latestVersion).orElse(null);
            models.add(new ModelSummary(name,
                    figures(name, Snapshot.ModelSnapshot::prequentialAccuracy),
                    figures(name, Snapshot.ModelSnapshot::liveAccuracy),
                    firstVersion, m.latestVersion(), List.copyOf(championMoves.getOrDefault(name, List.of())),
                    List.copyOf(driftSignals.getOrDefault(name, List.of())), m.examplesSeen(), m.watch(),
                    List.copyOf(reactions.getOrDefault(name, List.of())), firstChampionAfterDrift.get(name)));
        }
        return new Summary(last.elapsed(), clock, driftInjected, last.examplesSent(), models);
    }

    private Figures figures(String model, ToDoubleFunction<Snapshot.ModelSnapshot> metric) {
        Duration end = samples.get(samples.size() - 1).elapsed();
        OptionalDouble before = OptionalDouble.empty();
        OptionalDouble lowestAfter = OptionalDouble.empty();
        if (driftInjected != null) {
            before = mean(model, metric, driftInjected.minus(BEFORE_WINDOW), driftInjected);
            lowestAfter = values(model, metric, driftInjected, end.plusSeconds(1)).stream()
                    .mapToDouble(Double::doubleValue).min();
        }
        OptionalDouble atEnd = mean(model, metric, end.minus(END_WINDOW), end.plusSeconds(1));
        return new Figures(before, lowestAfter, atEnd);
    }

    private OptionalDouble mean(String model, ToDoubleFunction<Snapshot.ModelSnapshot> metric, Duration from, Duration to) {
        return values(model, metric, from, to).stream().mapToDouble(Double::doubleValue).average();
    }

    /** The metric's values in [from, to), NaN left out. */
    private List<Double> values(String model, ToDoubleFunction<Snapshot.ModelSnapshot> metric, Duration from, Duration to) {
        List<Double> values = new ArrayList<>();
        for (Snapshot s : samples) {
            if (s.elapsed().compareTo(from) >= 0 && s.elapsed().compareTo(to) < 0) {
                s.model(model).map(metric::applyAsDouble).filter(v -> !v.isNaN()).ifPresent(values::add);
            }
        }
        return values;
    }

    /** Accuracy around the drift: the mean just before it, the lowest after it, the mean at the end. */
    public record Figures(OptionalDouble before, OptionalDouble lowestAfter, OptionalDouble atEnd) {}

    /**
     * One model over the run.
     *
     * @param championAfterDrift the first champion move from the injected drift on (null when none)
     */
    public record ModelSummary(String name, Figures prequential, Figures live, Long firstVersion, Long lastVersion,
                               List<Long> champions, List<DriftSignal> drifts, long examplesSeen,
                               Snapshot.DriftWatch watch, List<Reaction> reactions, ChampionMove championAfterDrift) {
        /** Versions published while the demo watched. */
        public long versionsPublished() {
            if (lastVersion == null) {
                return 0;
            }
            return lastVersion - Objects.requireNonNullElse(firstVersion, 0L);
        }
    }

    /** The run. */
    public record Summary(Duration watched, DriftClock clock, Duration driftInjected, long examplesSent,
                          List<ModelSummary> models) {}

    static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String text(Long v) {
        return v == null ? "-" : v.toString();
    }
}

package dev.freshet.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.demo.watch.DemoTimeline;
import dev.freshet.demo.watch.DriftClock;
import dev.freshet.demo.watch.Snapshot;
import dev.freshet.demo.watch.SummaryReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    /** A reading at second {@code s}: simulated hour = s, one model with the given figures. */
    private static Snapshot at(int s, Long version, Long champion, double prequential, long drifts, int lastDriftSecond,
                               double live) {
        return new Snapshot(Duration.ofSeconds(s), s, s * 100L, List.of(new Snapshot.ModelSnapshot("m", version, champion,
                s * 100L, prequential, drifts, lastDriftSecond < 0 ? null : T0.plusSeconds(lastDriftSecond),
                lastDriftSecond * 100L, version, live)));
    }

    @Test
    void reportsTheInjectedDriftChampionMovesAndTheFirstDetectionAfterIt() {
        DemoTimeline timeline = new DemoTimeline(40);
        List<String> events = new ArrayList<>();
        for (int s = 0; s <= 100; s++) {
            long version = 1 + s / 10;
            long champion = s < 60 ? version : 6; // the gate holds v6 from second 60 on
            double prequential = s < 40 ? 0.90 : s < 50 ? 0.60 : 0.85;
            long drifts = s < 20 ? 0 : s < 45 ? 1 : s < 70 ? 2 : 3;
            int lastDrift = s < 20 ? -1 : s < 45 ? 20 : s < 70 ? 45 : 70;
            events.addAll(timeline.add(at(s, version, champion, prequential, drifts, lastDrift, prequential - 0.05),
                    T0.plusSeconds(s)));
        }
        assertThat(events).contains("drift injected: the source's concept changed at simulated hour 40",
                "champion moved: m v1 -> v2", "m: drift detected at example 4,500, 5 s after the injected drift");
        assertThat(events).filteredOn(e -> e.contains("drift detected")).hasSize(1);
        assertThat(events).filteredOn(e -> e.startsWith("champion moved")).hasSize(5);

        DemoTimeline.Summary summary = timeline.summary();
        assertThat(summary.driftInjected()).isEqualTo(Duration.ofSeconds(40));
        DemoTimeline.ModelSummary m = summary.models().get(0);
        assertThat(m.prequential().before().getAsDouble()).isCloseTo(0.90, within(1e-9));
        assertThat(m.prequential().lowestAfter().getAsDouble()).isCloseTo(0.60, within(1e-9));
        assertThat(m.prequential().atEnd().getAsDouble()).isCloseTo(0.85, within(1e-9));
        assertThat(m.live().lowestAfter().getAsDouble()).isCloseTo(0.55, within(1e-9));
        assertThat(m.versionsPublished()).isEqualTo(10);
        assertThat(m.champions()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(m.drifts()).extracting(d -> d.afterInjection() == null).containsExactly(true, false, false);

        String report = SummaryReport.format(summary);
        assertThat(report).contains("drift injected at simulated hour 40, 40 s into the run",
                "10 versions published (now v11)", "v1 -> v2 -> v3 -> v4 -> v5 -> v6 (5 moves)",
                "first at example 4,500, 5 s after the injected drift (2 signals after it); 1 signal before it");
        assertThat(report).containsPattern("m\\s+90\\.0%\\s+60\\.0%\\s+85\\.0%\\s+85\\.0%\\s+55\\.0%\\s+80\\.0%");
    }

    @Test
    void aRollingAccuracyEmptiedByAPublishKeepsTheValueReadBefore() {
        DemoTimeline timeline = new DemoTimeline(1_000);
        timeline.add(at(0, 1L, 1L, 0.8, 0, -1, Double.NaN), T0);
        timeline.add(at(1, 2L, 2L, Double.NaN, 0, -1, Double.NaN), T0.plusSeconds(1));
        DemoTimeline.ModelSummary m = timeline.summary().models().get(0);
        assertThat(m.prequential().atEnd().getAsDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(m.live().atEnd()).isEmpty();
    }

    @Test
    void aDriftNotReachedIsSaidSo() {
        DemoTimeline timeline = new DemoTimeline(1_000);
        timeline.add(at(0, 1L, 1L, 0.8, 0, -1, 0.7), T0);
        DemoTimeline.Summary summary = timeline.summary();
        assertThat(summary.driftInjected()).isNull();
        assertThat(summary.models().get(0).prequential().before()).isEmpty();
        assertThat(SummaryReport.format(summary)).contains("the drift (simulated hour 1,000) was not reached");
        DemoTimeline images = new DemoTimeline(DriftClock.imagesSent(30_000));
        images.add(at(0, 1L, 1L, 0.8, 0, -1, 0.7), T0);
        assertThat(SummaryReport.format(images.summary())).contains("the drift (image 30,000) was not reached");
    }

    @Test
    void theProgressLineNamesVersionChampionAndAccuracies() {
        assertThat(DemoTimeline.progressLine(at(3, 4L, 2L, 0.912, 0, -1, Double.NaN)))
                .isEqualTo("examples 300 | m v4 champion v2 acc 91.2% live -");
    }

    @Test
    void reactionsAndConfusionMatricesReachTheEventsAndTheSummary() {
        DemoTimeline timeline = new DemoTimeline(10);
        List<String> events = new ArrayList<>();
        Snapshot.Confusion training = new Snapshot.Confusion(List.of("busy", "not_busy"),
                new long[][] {{80, 20}, {10, 90}});
        Snapshot.Confusion live = new Snapshot.Confusion(List.of("busy", "not_busy"), new long[][] {{70, 30}, {5, 95}});
        for (int s = 0; s <= 30; s++) {
            long started = s < 12 ? 0 : 1;
            long promoted = s < 20 ? 0 : 1;
            Snapshot.DriftWatch watch = new Snapshot.DriftWatch("challenger", "error 0.05 -> 0.40", started, promoted,
                    0, 0, started == 1 && promoted == 0 ? "warm, from example 1,200" : "", training, live);
            long version = 1 + s / 5;
            events.addAll(timeline.add(new Snapshot(Duration.ofSeconds(s), s, s * 100L, List.of(
                    new Snapshot.ModelSnapshot("m", version, s < 22 ? 1L : version, s * 100L, 0.9, s < 12 ? 0 : 1,
                            s < 12 ? null : T0.plusSeconds(12), 1_200, version, 0.85, watch))), T0.plusSeconds(s)));
        }
        assertThat(events).contains("m: a challenger started beside it (warm, from example 1,200)",
                "m: the challenger beat the model and the champion and replaced the model",
                "m: drift detected at example 1,200, 2 s after the injected drift (error 0.05 -> 0.40)");
        String report = SummaryReport.format(timeline.summary());
        assertThat(report).contains("drift reaction: challenger: 1 challenger started, 1 promoted, 0 dropped; "
                + "a challenger promoted at v5, the champion moved to v6 after it");
        assertThat(report).contains("served after the drift: v1 -> v5, 12 s after it");
        assertThat(report).contains("m, training (rolling), 85.0% right", "m, live (served), 82.5% right");
        assertThat(report).containsPattern("busy\\s+80\\s+20");
    }
}

package dev.freshet.demo.watch;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The demo's closing summary as text for the terminal. */
public final class SummaryReport {

    private SummaryReport() {}

    /** The summary in a few aligned lines per model. */
    public static String format(DemoTimeline.Summary s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Summary after %d s: %,d labelled examples sent; ", s.watched().toSeconds(),
                s.examplesSent()));
        if (s.driftInjected() == null) {
            out.append(String.format(Locale.ROOT, "the drift (%s) was not reached: run longer "
                    + "(DEMO_DURATION) or inject it earlier (DRIFT_AFTER).%n", s.clock().driftPoint()));
        } else {
            out.append(String.format(Locale.ROOT, "drift injected at %s, %d s into the run.%n",
                    s.clock().driftPoint(), s.driftInjected().toSeconds()));
        }
        out.append(String.format(Locale.ROOT, "%n%-16s %-29s %-29s%n", "", "prequential accuracy (training)",
                "live accuracy (served)"));
        out.append(String.format(Locale.ROOT, "%-16s %-9s %-9s %-9s  %-9s %-9s %-9s%n", "model",
                "before", "low after", "at end", "before", "low after", "at end"));
        for (DemoTimeline.ModelSummary m : s.models()) {
            out.append(String.format(Locale.ROOT, "%-16s %-9s %-9s %-9s  %-9s %-9s %-9s%n", m.name(),
                    text(m.prequential().before()), text(m.prequential().lowestAfter()), text(m.prequential().atEnd()),
                    text(m.live().before()), text(m.live().lowestAfter()), text(m.live().atEnd())));
        }
        out.append(System.lineSeparator());
        for (DemoTimeline.ModelSummary m : s.models()) {
            out.append(String.format(Locale.ROOT, "%s: %,d examples learned; %d versions published (now v%s); "
                            + "champion %s%n", m.name(), m.examplesSeen(), m.versionsPublished(),
                    m.lastVersion() == null ? "-" : m.lastVersion(), champions(m)));
            String indent = " ".repeat(m.name().length());
            out.append(String.format(Locale.ROOT, "%s  drift detected: %s%n", indent, drifts(m)));
            out.append(String.format(Locale.ROOT, "%s  drift reaction: %s%n", indent, reaction(m)));
            if (m.championAfterDrift() != null) {
                DemoTimeline.ChampionMove move = m.championAfterDrift();
                out.append(String.format(Locale.ROOT, "%s  served after the drift: v%d -> v%d, %d s after it%n",
                        indent, move.from(), move.to(), move.after().toSeconds()));
            }
        }
        for (DemoTimeline.ModelSummary m : s.models()) {
            confusion(out, m.name() + ", training (rolling)", m.watch().confusion());
            confusion(out, m.name() + ", live (served)", m.watch().liveConfusion());
        }
        return out.toString();
    }

    private static String reaction(DemoTimeline.ModelSummary m) {
        Snapshot.DriftWatch w = m.watch();
        if (w.reaction().isEmpty()) {
            return "unknown";
        }
        if (w.challengersStarted() == 0 && w.resets() == 0) {
            return w.reaction() + ", nothing needed";
        }
        StringBuilder text = new StringBuilder(w.reaction());
        if (w.challengersStarted() > 0) {
            text.append(String.format(Locale.ROOT, ": %d challenger%s started, %d promoted, %d dropped",
                    w.challengersStarted(), w.challengersStarted() == 1 ? "" : "s", w.challengersPromoted(),
                    w.challengersDropped()));
            long onTrial = w.challengersStarted() - w.challengersPromoted() - w.challengersDropped();
            if (onTrial > 0) {
                text.append(String.format(Locale.ROOT, ", %d on trial", onTrial));
            }
        }
        if (w.resets() > 0) {
            text.append(String.format(Locale.ROOT, ": %d reset%s", w.resets(), w.resets() == 1 ? "" : "s"));
        }
        for (DemoTimeline.Reaction r : m.reactions()) {
            Long servedAfter = m.champions().stream().filter(v -> r.version() != null && v > r.version()).findFirst()
                    .orElse(null);
            text.append(String.format(Locale.ROOT, "; a challenger %s at v%s%s", r.kind(),
                    r.version() == null ? "-" : r.version(), servedAfter == null ? ""
                            : ", the champion moved to v" + servedAfter + " after it"));
        }
        return text.toString();
    }

    private static void confusion(StringBuilder out, String title, Snapshot.Confusion c) {
        if (c == null || c.labels().isEmpty()) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%n%s, %s right; rows true, columns answered:%n", title,
                DemoTimeline.percent(c.accuracy())));
        out.append(String.format(Locale.ROOT, "  %-12s", ""));
        c.labels().forEach(l -> out.append(String.format(Locale.ROOT, " %10s", l)));
        out.append(System.lineSeparator());
        for (int a = 0; a < c.labels().size(); a++) {
            out.append(String.format(Locale.ROOT, "  %-12s", c.labels().get(a)));
            for (int p = 0; p < c.labels().size(); p++) {
                out.append(String.format(Locale.ROOT, " %,10d", c.counts()[a][p]));
            }
            out.append(System.lineSeparator());
        }
    }

    private static String champions(DemoTimeline.ModelSummary m) {
        if (m.champions().isEmpty()) {
            return "none yet";
        }
        String path = m.champions().stream().map(v -> "v" + v).collect(Collectors.joining(" -> "));
        int moves = m.champions().size() - 1;
        return path + String.format(Locale.ROOT, " (%d move%s)", moves, moves == 1 ? "" : "s");
    }

    private static String drifts(DemoTimeline.ModelSummary m) {
        List<DemoTimeline.DriftSignal> before = m.drifts().stream().filter(d -> d.afterInjection() == null).toList();
        List<DemoTimeline.DriftSignal> after = m.drifts().stream().filter(d -> d.afterInjection() != null).toList();
        StringBuilder text = new StringBuilder();
        if (after.isEmpty()) {
            text.append("not after the injected drift");
        } else {
            DemoTimeline.DriftSignal first = after.get(0);
            text.append(String.format(Locale.ROOT, "first at example %,d, %d s after the injected drift (%d signal%s after it)",
                    first.example(), first.afterInjection().toSeconds(), after.size(), after.size() == 1 ? "" : "s"));
        }
        text.append(String.format(Locale.ROOT, "; %d signal%s before it", before.size(), before.size() == 1 ? "" : "s"));
        return text.toString();
    }

    private static String text(OptionalDouble v) {
        return v.isPresent() ? DemoTimeline.percent(v.getAsDouble()) : "-";
    }
}

package dev.freshet.bench;

/**
 * One measured figure: its median and spread, its unit, the target from its issue (null when the issue sets
 * none) and a baseline from the same run (null when there is none).
 */
public record Figure(String name, String unit, Stats stats, Target target, Baseline baseline) {

    public static Figure of(String name, String unit, Stats stats) {
        return new Figure(name, unit, stats, null, null);
    }

    public Figure target(Target value) {
        return new Figure(name, unit, stats, value, baseline);
    }

    public Figure baseline(String baselineName, String baselineUnit, Stats baselineStats) {
        return new Figure(name, unit, stats, target, new Baseline(baselineName, baselineUnit, baselineStats));
    }

    /** Median over the baseline's median; NaN without a baseline. */
    public double ratio() {
        return baseline == null || baseline.stats().median() == 0 ? Double.NaN : stats.median() / baseline.stats().median();
    }

    /** Null without a target. */
    public Boolean met() {
        return target == null ? null : target.metBy(stats.median());
    }
}

package dev.freshet.bench;

/**
 * A figure's target as its issue states it.
 *
 * @param atLeast true for "at least {@code value}" (a rate), false for "at most" (a latency)
 * @param source  where it is stated, e.g. {@code issue 6}
 */
public record Target(boolean atLeast, double value, String source) {

    public static Target atLeast(double value, String source) {
        return new Target(true, value, source);
    }

    public static Target atMost(double value, String source) {
        return new Target(false, value, source);
    }

    /** Whether a median meets it. */
    public boolean metBy(double median) {
        return atLeast ? median >= value : median <= value;
    }
}

package dev.freshet.learn.eval;

/**
 * A drift detector fired.
 *
 * @param example     1-based position in the stream of the example at which it fired
 * @param detector    the detector's name
 * @param warning     true for a warning (a smaller change, as DDM's warning level), false for a drift
 * @param errorBefore the error rate before the change, as the detector saw it (NaN when it does not say)
 * @param errorAfter  the error rate after the change (NaN when it does not say)
 */
public record DriftEvent(long example, String detector, boolean warning, double errorBefore, double errorAfter) {

    /** A drift whose detector does not say what changed. */
    public DriftEvent(long example, String detector) {
        this(example, detector, false, Double.NaN, Double.NaN);
    }

    /** What changed, for logs and events: {@code error 0.05 -> 0.41}, or empty when not known. */
    public String change() {
        return Double.isNaN(errorBefore) ? "" : String.format(java.util.Locale.ROOT, "error %.2f -> %.2f",
                errorBefore, errorAfter);
    }
}

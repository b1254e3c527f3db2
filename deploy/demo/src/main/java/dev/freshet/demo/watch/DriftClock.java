package dev.freshet.demo.watch;

import java.util.Locale;

/**
 * The source's clock the demo watches for its drift: the drone source's simulated hours, or the image source's
 * images sent. Read from one of the feature pipeline's {@code freshet_source_counter} series.
 *
 * @param counter the source counter that tells the clock
 * @param unit    what one tick is, for the terminal ("simulated hour", "image")
 * @param driftAt the clock's value at which the source's concept changes
 */
public record DriftClock(String counter, String unit, long driftAt) {

    /** The drone source: its concept changes at simulated hour {@code hour}. */
    public static DriftClock simulatedHours(long hour) {
        return new DriftClock("simulated_hours", "simulated hour", hour);
    }

    /** The image source: its concept changes from image {@code image} on. */
    public static DriftClock imagesSent(long image) {
        return new DriftClock("images_sent", "image", image);
    }

    /** Where the drift comes, for the terminal: "simulated hour 24", "image 30,000". */
    public String driftPoint() {
        return String.format(Locale.ROOT, "%s %,d", unit, driftAt);
    }
}

package dev.freshet.learn.data;

import java.util.Locale;

/**
 * What a CSV row with a missing value ({@code ?}, empty, {@code NA} or {@code NaN}) becomes.
 */
public enum MissingValuePolicy {
    /**
     * The feature is left out of the example; the model fills in the feature's running mean (a standardised
     * 0), both when learning and when predicting. The row is used.
     */
    IMPUTE,
    /** The row is skipped: neither predicted nor learned, and counted in the report. */
    SKIP_ROW;

    public static MissingValuePolicy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown missing-value policy '" + name + "': use impute or skip-row", e);
        }
    }
}

package dev.freshet.testinfra.fuzz;

/**
 * What a fuzzed record is. The first four are valid anywhere; the two that depend on what the consumer knows
 * (a feature set or label it has not registered) are valid only where a suite says so; the rest are refused by
 * every consumer.
 */
public enum FuzzKind {
    /** A valid message of its own id. */
    VALID(true),
    /** A valid message repeating an earlier valid message's event id. */
    DUPLICATE_ID(true),
    /** A valid message with one feature at a representable extreme (±1e300, the smallest subnormal, 0). */
    EXTREME_VALUE(true),
    /** A valid message whose times lie 50 years back: history, inside the limits. */
    OLD_TIME(true),
    /** A feature set the consumer has never seen. */
    UNKNOWN_FEATURE_SET(false),
    /** A label outside the feature set's labels. */
    UNKNOWN_LABEL(false),
    /** Random bytes. */
    RANDOM_BYTES(false),
    /** A record with an empty value. */
    EMPTY(false),
    /** A record with no value at all (a tombstone). */
    TOMBSTONE(false),
    /** Valid JSON cut short. */
    TRUNCATED(false),
    /** A field of the wrong JSON type: an object or array for a string, a word for a number or time. */
    WRONG_TYPE(false),
    /** A required field missing or null. */
    MISSING_FIELD(false),
    /** A feature that is not a finite number (1e999, NaN, null). */
    NON_FINITE(false),
    /** A time outside the limits or a long: 10^16 ms, year 2300, year -5000, +999999999. */
    EXTREME_TIME(false),
    /** A label time before the event's time. */
    LABEL_BEFORE_EVENT(false),
    /** An id, entity, feature name or label far beyond its length limit. */
    HUGE_STRING(false),
    /** An empty event id. */
    EMPTY_ID(false);

    private final boolean validEverywhere;

    FuzzKind(boolean validEverywhere) {
        this.validEverywhere = validEverywhere;
    }

    /** True when every consumer must process a record of this kind. */
    public boolean validEverywhere() {
        return validEverywhere;
    }
}

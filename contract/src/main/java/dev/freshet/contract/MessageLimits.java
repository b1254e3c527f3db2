package dev.freshet.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Bounds every consumed message is held to, so that one record cannot overflow a time, exhaust memory or stop a
 * service: its times within a range of now, its ids, names and label by length, its features by count. A record
 * outside them is refused with a reason (dead-lettered), never half-processed. Checked once, where a message is
 * decoded: {@link LabelledExampleMessage#problems(MessageLimits, Instant)} and
 * {@link FeatureVectorMessage#problems(MessageLimits, Instant)}, which the services' fast paths fall back to.
 *
 * @param maxPast   how long before now an event may have happened (history replayed from a store is old)
 * @param maxFuture how far after now a time may be (a simulated clock runs ahead of the wall clock)
 */
public record MessageLimits(Duration maxPast, Duration maxFuture) {

    /** Ids (event, entity) and the feature set's name, in characters. */
    public static final int MAX_ID_LENGTH = 256;
    /** A feature's name and a label, in characters. */
    public static final int MAX_NAME_LENGTH = 256;
    /** Features in one message. */
    public static final int MAX_FEATURES = 10_000;
    /** Either side of now every time is kept within: epoch microseconds of it never overflow a long. */
    private static final Duration OUTER = Duration.ofDays(365L * 1_000);

    /** The widest bounds: only what a store or a time in milliseconds or microseconds cannot represent. */
    public static final MessageLimits WIDEST = new MessageLimits(OUTER, OUTER);

    /** A century back (history), ten years ahead (simulated clocks). */
    public static final MessageLimits DEFAULT = new MessageLimits(Duration.ofDays(36_525), Duration.ofDays(3_653));

    public MessageLimits {
        if (maxPast.isNegative() || maxPast.compareTo(OUTER) > 0 || maxFuture.isNegative()
                || maxFuture.compareTo(OUTER) > 0) {
            throw new IllegalArgumentException("message time limits must be between 0 and " + OUTER.toDays()
                    + " days, not " + maxPast + " back and " + maxFuture + " ahead");
        }
    }

    /** Why {@code time} (named {@code field}) is out of bounds at {@code now}, or null. */
    public String timeProblem(String field, Instant time, Instant now) {
        if (time.isBefore(now.minus(maxPast))) {
            return field + " " + time + " is more than " + maxPast.toDays() + " days before now";
        }
        if (time.isAfter(now.plus(maxFuture))) {
            return field + " " + time + " is more than " + maxFuture.toDays() + " days after now";
        }
        return null;
    }

    /** True when epoch milliseconds {@code millis} is within bounds at {@code nowMillis}: the fast paths' check. */
    public boolean accepts(long millis, long nowMillis) {
        return millis >= nowMillis - maxPast.toMillis() && millis <= nowMillis + maxFuture.toMillis();
    }

    static void checkLength(List<String> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(field + " is " + value.length() + " characters long, more than " + max);
        }
    }

    static void checkFeatures(List<String> problems, Map<String, Double> features) {
        if (features.size() > MAX_FEATURES) {
            problems.add(features.size() + " features, more than " + MAX_FEATURES);
            return; // their names are not worth listing
        }
        for (String name : features.keySet()) {
            if (name.length() > MAX_NAME_LENGTH) {
                problems.add("a feature name is " + name.length() + " characters long, more than " + MAX_NAME_LENGTH);
                return;
            }
        }
    }

    static void checkTime(List<String> problems, MessageLimits limits, String field, Instant time, Instant now) {
        String problem = limits.timeProblem(field, time, now);
        if (problem != null) {
            problems.add(problem);
        }
    }
}

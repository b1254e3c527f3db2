package dev.freshet.learn.drift;

import java.util.Locale;

/** What a trainer does when its drift detector signals. */
public enum DriftReaction {
    /** Nothing but the signal (and the gate's hold). */
    NONE,
    /**
     * A {@link Challenger} starts beside the model and learns the examples from the signal on; it replaces the
     * model when it beats both the model and the serving champion on the same examples.
     */
    CHALLENGER,
    /** The model starts again from fresh weights (its lineage, offsets and counts go on). */
    RESET;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DriftReaction parse(String text) {
        for (DriftReaction reaction : values()) {
            if (reaction.configName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return reaction;
            }
        }
        throw new IllegalArgumentException("unknown drift reaction '" + text + "': use none, challenger or reset");
    }

    /** How a challenger starts. */
    public enum Start {
        /** From the model's weights and statistics, with its optimiser reset and an empty replay window. */
        WARM,
        /** From fresh weights. */
        FRESH;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Start parse(String text) {
            for (Start start : values()) {
                if (start.configName().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return start;
                }
            }
            throw new IllegalArgumentException("unknown challenger start '" + text + "': use warm or fresh");
        }
    }
}

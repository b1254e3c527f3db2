package dev.freshet.learn.encode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How one feature reaches a model's inputs.
 *
 * @param feature    the feature's name
 * @param kind       numeric, categorical or cyclical
 * @param categories the declared values of a categorical feature, in slot order (empty otherwise)
 * @param period     the period of a cyclical feature, e.g. 24 for an hour of the day (0 otherwise)
 */
public record FeatureEncoding(String feature, Kind kind, List<Double> categories, double period) {

    /** The three encodings a feature can declare. */
    public enum Kind {
        /** Standardised with running statistics: the default. */
        NUMERIC,
        /** One-hot over declared values, plus an unknown slot for anything else. */
        CATEGORICAL,
        /** {@code sin(2πx/period)} and {@code cos(2πx/period)}: 23:00 lies next to 00:00. */
        CYCLICAL;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FeatureEncoding {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(kind, "kind");
        categories = List.copyOf(categories);
        if (feature.isBlank()) {
            throw new IllegalArgumentException("an encoded feature needs a name");
        }
        switch (kind) {
            case CATEGORICAL -> {
                if (categories.isEmpty()) {
                    throw new IllegalArgumentException("categorical feature '" + feature + "' declares no values");
                }
                Set<Double> seen = new HashSet<>();
                for (Double value : categories) {
                    if (value == null || !Double.isFinite(value)) {
                        throw new IllegalArgumentException("categorical feature '" + feature + "' declares the value "
                                + value + ": only finite numbers");
                    }
                    if (!seen.add(value == 0.0 ? 0.0 : value)) { // -0.0 and 0.0 are one category
                        throw new IllegalArgumentException("categorical feature '" + feature + "' declares the value "
                                + format(value) + " twice");
                    }
                }
            }
            case CYCLICAL -> {
                if (!(period > 0) || !Double.isFinite(period)) {
                    throw new IllegalArgumentException("cyclical feature '" + feature + "' needs a period above 0, not "
                            + format(period));
                }
            }
            case NUMERIC -> { }
        }
        if (kind != Kind.CATEGORICAL && !categories.isEmpty()) {
            throw new IllegalArgumentException(kind.configName() + " feature '" + feature + "' cannot declare values");
        }
        if (kind != Kind.CYCLICAL && period != 0) {
            throw new IllegalArgumentException(kind.configName() + " feature '" + feature + "' cannot declare a period");
        }
    }

    public static FeatureEncoding numeric(String feature) {
        return new FeatureEncoding(feature, Kind.NUMERIC, List.of(), 0);
    }

    public static FeatureEncoding categorical(String feature, List<Double> values) {
        return new FeatureEncoding(feature, Kind.CATEGORICAL, values, 0);
    }

    /** A categorical feature whose values are the integers {@code from} to {@code to}. */
    public static FeatureEncoding categorical(String feature, int from, int to) {
        List<Double> values = new ArrayList<>();
        for (int v = from; v <= to; v++) {
            values.add((double) v);
        }
        return categorical(feature, values);
    }

    public static FeatureEncoding cyclical(String feature, double period) {
        return new FeatureEncoding(feature, Kind.CYCLICAL, List.of(), period);
    }

    /** As configuration and the manifest write it: {@code numeric}, {@code categorical(1,2,3)}, {@code cyclical(24)}. */
    public String describe() {
        return switch (kind) {
            case NUMERIC -> "numeric";
            case CATEGORICAL -> "categorical(" + String.join(",", categories.stream().map(FeatureEncoding::format).toList())
                    + ")";
            case CYCLICAL -> "cyclical(" + format(period) + ")";
        };
    }

    /**
     * Reads what {@link #describe()} wrote.
     *
     * @throws IllegalArgumentException naming the feature when the text is not an encoding
     */
    public static FeatureEncoding parse(String feature, String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (t.equals("numeric")) {
                return numeric(feature);
            }
            if (t.startsWith("categorical(") && t.endsWith(")")) {
                String inside = t.substring("categorical(".length(), t.length() - 1).trim();
                List<Double> values = new ArrayList<>();
                if (!inside.isEmpty()) {
                    for (String v : inside.split(",")) {
                        values.add(Double.parseDouble(v.trim()));
                    }
                }
                return categorical(feature, values);
            }
            if (t.startsWith("cyclical(") && t.endsWith(")")) {
                return cyclical(feature, Double.parseDouble(t.substring("cyclical(".length(), t.length() - 1).trim()));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the encoding of '" + feature + "' has a value that is not a number: "
                    + text, e);
        }
        throw new IllegalArgumentException("the encoding of '" + feature + "' is '" + text
                + "': use numeric, categorical(v1,v2,...) or cyclical(period)");
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}

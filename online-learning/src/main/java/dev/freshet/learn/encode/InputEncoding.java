package dev.freshet.learn.encode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a model does to its features before the network sees them: each feature's {@link FeatureEncoding} (only
 * the non-numeric ones are listed), named groups of features, and crosses of features or groups whose inputs are
 * multiplied together (Vowpal Wabbit's {@code -q}, Wide &amp; Deep's crossed columns). Immutable; the model carries
 * it, so serving and training encode alike. {@link #NONE} leaves features as they are.
 *
 * @param encodings the non-numeric encodings, by feature, in declaration order
 * @param groups    group name to its member features, e.g. {@code shop_type} to the three one-hot type features
 * @param crosses   each cross as its factors, features or groups, e.g. {@code [shop_type, hour]}
 * @param crossScale how a cross's products are scaled: divided by their spread (models made now), or standardised
 *                   like a numeric feature (models saved before, still scored as they were trained)
 */
public record InputEncoding(Map<String, FeatureEncoding> encodings, Map<String, List<String>> groups,
                            List<List<String>> crosses, CrossScale crossScale) {

    /** Features as they are: no encoding, no group, no cross. */
    public static final InputEncoding NONE = new InputEncoding(Map.of(), Map.of(), List.of());

    private static final String GROUP = "group.";
    private static final String CROSS = "cross.";
    /** The key of {@link #crossScale} in {@link #asMap()}; absent in models saved before it existed. */
    public static final String CROSS_SCALE = "cross.scale";
    static final String CROSS_SEPARATOR = "*";

    /** How the network scales a cross's products when a factor is numeric (one-hot by one-hot is used as it is). */
    public enum CrossScale {
        /**
         * Standardised like a numeric feature, {@code (x - mean) / sd}: a slot whose product is 0 becomes
         * {@code -mean / sd}, so every slot of such a cross is dense. Kept so that models saved with it score and
         * continue as they were trained.
         */
        RAW,
        /**
         * Divided by the standard deviation, not centred: a product of 0 stays 0, so a cross with a one-hot factor
         * touches only the present category's slots and the linear model's update stays sparse, while a rare slot
         * keeps the large scaled value that makes it learn as fast as a common one.
         */
        UNCENTRED
    }

    /** An encoding made now: crosses {@link CrossScale#UNCENTRED}. */
    public InputEncoding(Map<String, FeatureEncoding> encodings, Map<String, List<String>> groups,
                         List<List<String>> crosses) {
        this(encodings, groups, crosses, CrossScale.UNCENTRED);
    }

    public InputEncoding {
        Objects.requireNonNull(crossScale, "crossScale");
        Map<String, FeatureEncoding> copy = new LinkedHashMap<>();
        encodings.forEach((feature, encoding) -> {
            if (!feature.equals(encoding.feature())) {
                throw new IllegalArgumentException("encoding of '" + encoding.feature() + "' filed under '" + feature + "'");
            }
            if (encoding.kind() != FeatureEncoding.Kind.NUMERIC) {
                copy.put(feature, encoding);
            }
        });
        encodings = java.util.Collections.unmodifiableMap(copy);
        Map<String, List<String>> groupCopy = new LinkedHashMap<>();
        Map<String, List<String>> declaredGroups = groups;
        groups.forEach((name, members) -> {
            if (name.isBlank() || members.isEmpty()) {
                throw new IllegalArgumentException("group '" + name + "' needs a name and at least one feature");
            }
            if (new HashSet<>(members).size() != members.size()) {
                throw new IllegalArgumentException("group '" + name + "' lists a feature twice: " + members);
            }
            for (String member : members) {
                if (declaredGroups.containsKey(member)) {
                    throw new IllegalArgumentException("group '" + name + "' contains the group '" + member
                            + "': groups hold features only");
                }
            }
            groupCopy.put(name, List.copyOf(members));
        });
        groups = java.util.Collections.unmodifiableMap(groupCopy);
        List<List<String>> crossCopy = new ArrayList<>();
        Set<List<String>> distinct = new HashSet<>();
        for (List<String> cross : crosses) {
            if (cross.size() < 2) {
                throw new IllegalArgumentException("a cross needs at least two factors, not " + cross);
            }
            if (new HashSet<>(cross).size() != cross.size()) {
                throw new IllegalArgumentException("the cross " + String.join(CROSS_SEPARATOR, cross)
                        + " names a factor twice");
            }
            if (!distinct.add(List.copyOf(cross))) {
                throw new IllegalArgumentException("the cross " + String.join(CROSS_SEPARATOR, cross)
                        + " is declared twice");
            }
            crossCopy.add(List.copyOf(cross));
        }
        crosses = List.copyOf(crossCopy);
        if (crosses.isEmpty()) {
            crossScale = CrossScale.UNCENTRED; // nothing to multiply: one encoding, whichever was asked
        }
    }

    /** True when features reach the network as they are. */
    public boolean isNone() {
        return encodings.isEmpty() && crosses.isEmpty();
    }

    /** The same encodings and groups with other crosses (a model's own, over the feature set's declarations). */
    public InputEncoding withCrosses(List<List<String>> newCrosses) {
        return new InputEncoding(encodings, groups, newCrosses, crossScale);
    }

    /** The same encodings and groups without crosses (what an mlp learns its interactions without). */
    public InputEncoding withoutCrosses() {
        return withCrosses(List.of());
    }

    /** The encoding of {@code feature}: numeric when none is declared. */
    public FeatureEncoding encodingOf(String feature) {
        FeatureEncoding encoding = encodings.get(feature);
        return encoding != null ? encoding : FeatureEncoding.numeric(feature);
    }

    /**
     * Checks every name against the features a model sees.
     *
     * @throws IllegalArgumentException naming the encoding, group or cross and the name it does not know
     */
    public InputEncoding requireKnown(Collection<String> features) {
        Set<String> known = new HashSet<>(features);
        for (String feature : encodings.keySet()) {
            if (!known.contains(feature)) {
                throw new IllegalArgumentException("an encoding is declared for '" + feature + "', which is not a "
                        + "feature the model sees " + features);
            }
        }
        groups.forEach((name, members) -> {
            if (known.contains(name)) {
                throw new IllegalArgumentException("group '" + name + "' has the name of a feature");
            }
            for (String member : members) {
                if (!known.contains(member)) {
                    throw new IllegalArgumentException("group '" + name + "' names '" + member + "', which is not a "
                            + "feature the model sees " + features);
                }
            }
        });
        for (List<String> cross : crosses) {
            for (String factor : cross) {
                if (!known.contains(factor) && !groups.containsKey(factor)) {
                    throw new IllegalArgumentException("the cross " + String.join(CROSS_SEPARATOR, cross) + " names '"
                            + factor + "', which is neither a feature the model sees " + features + " nor a group "
                            + groups.keySet());
                }
            }
        }
        return this;
    }

    /**
     * As text, for the manifest, the model's metadata and provenance: {@code hour -> categorical(8,...,21)},
     * {@code group.shop_type -> type_cafe,...}, {@code cross.1 -> shop_type*hour}.
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        encodings.forEach((feature, encoding) -> map.put(feature, encoding.describe()));
        groups.forEach((name, members) -> map.put(GROUP + name, String.join(",", members)));
        for (int i = 0; i < crosses.size(); i++) {
            map.put(CROSS + (i + 1), String.join(CROSS_SEPARATOR, crosses.get(i)));
        }
        if (!crosses.isEmpty()) {
            map.put(CROSS_SCALE, crossScale.name().toLowerCase(java.util.Locale.ROOT));
        }
        return map;
    }

    /** Reads what {@link #asMap()} wrote; crosses without {@value #CROSS_SCALE} are {@link CrossScale#RAW}. */
    public static InputEncoding fromMap(Map<String, String> map) {
        Map<String, FeatureEncoding> encodings = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<Integer, List<String>> crosses = new java.util.TreeMap<>();
        CrossScale[] scale = {CrossScale.RAW};
        map.forEach((key, value) -> {
            if (key.equals(CROSS_SCALE)) {
                try {
                    scale[0] = CrossScale.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(CROSS_SCALE + " is raw or uncentred, not '" + value + "'", e);
                }
            } else if (key.startsWith(GROUP)) {
                groups.put(key.substring(GROUP.length()), splitList(value, ","));
            } else if (key.startsWith(CROSS)) {
                int index;
                try {
                    index = Integer.parseInt(key.substring(CROSS.length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + key + "' is not a cross: use cross.<number>", e);
                }
                crosses.put(index, parseCross(value));
            } else {
                encodings.put(key, FeatureEncoding.parse(key, value));
            }
        });
        return new InputEncoding(encodings, groups, List.copyOf(crosses.values()), scale[0]);
    }

    /** {@code shop_type*hour} as its factors. */
    public static List<String> parseCross(String text) {
        List<String> factors = splitList(text, CROSS_SEPARATOR);
        if (factors.size() < 2) {
            throw new IllegalArgumentException("a cross is two or more features or groups joined by '"
                    + CROSS_SEPARATOR + "', not '" + text + "'");
        }
        return factors;
    }

    private static List<String> splitList(String text, String separator) {
        List<String> parts = new ArrayList<>();
        for (String part : Objects.requireNonNull(text, "value").split(java.util.regex.Pattern.quote(separator))) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty name");
            }
            parts.add(trimmed);
        }
        return parts;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}

package dev.freshet.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What keeps named feature values from being used, worded alike wherever they are checked (a feature set's
 * messages, a served version's requests): unknown features, values that are not finite numbers, missing ones.
 */
public final class FeatureValidation {

    private FeatureValidation() {}

    /** Unknown or missing features named one by one up to this many; more are counted (an image of another size). */
    public static final int NAMED = 5;

    /**
     * @param known    whether a feature name is one of the expected
     * @param required the features that must be present, in the order their absence is reported
     * @return the problems, empty when there is none
     */
    public static List<String> problems(Map<String, Double> values, Predicate<String> known,
                                        Collection<String> required) {
        List<String> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!known.test(e.getKey())) {
                unknown.add(e.getKey());
            } else if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                problems.add("feature '" + e.getKey() + "' is " + e.getValue() + ", not a finite number");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String feature : required) {
            if (!values.containsKey(feature)) {
                missing.add(feature);
            }
        }
        name(unknown, "unknown feature '%s'", "unknown features", problems);
        name(missing, "feature '%s' is missing", "missing features", problems);
        if (unknown.size() + missing.size() > NAMED) {
            problems.add(0, values.size() + " features where " + required.size() + " are expected");
        }
        return problems;
    }

    private static void name(List<String> features, String one, String many, List<String> problems) {
        for (int i = 0; i < Math.min(NAMED, features.size()); i++) {
            problems.add(String.format(one, features.get(i)));
        }
        if (features.size() > NAMED) {
            problems.add((features.size() - NAMED) + " more " + many);
        }
    }
}

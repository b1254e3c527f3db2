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

    /**
     * @param known    whether a feature name is one of the expected
     * @param required the features that must be present, in the order their absence is reported
     * @return the problems, empty when there is none
     */
    public static List<String> problems(Map<String, Double> values, Predicate<String> known,
                                        Collection<String> required) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!known.test(e.getKey())) {
                problems.add("unknown feature '" + e.getKey() + "'");
            } else if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                problems.add("feature '" + e.getKey() + "' is " + e.getValue() + ", not a finite number");
            }
        }
        for (String feature : required) {
            if (!values.containsKey(feature)) {
                problems.add("feature '" + feature + "' is missing");
            }
        }
        return problems;
    }
}

package dev.freshet.inference.serve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a served version answered for one feature vector.
 *
 * @param model         registry name
 * @param version       the version that answered
 * @param label         the most probable class (named even when abstaining)
 * @param labels        the classes, in the model's order
 * @param probabilities probability of each class, in {@code labels} order
 * @param abstained     the top probability was below the abstention threshold
 */
public record Answer(String model, long version, String label, List<String> labels, double[] probabilities,
                     boolean abstained) {

    /** Class to probability, in the model's label order. */
    public Map<String, Double> probabilityByLabel() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), probabilities[i]);
        }
        return map;
    }
}

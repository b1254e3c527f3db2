package dev.freshet.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A predicted class with the probability of every class the model knows, in the model's label order.
 * Before a model has seen any label it predicts nothing: {@link #label()} is null.
 */
public record ClassPrediction(String label, List<String> labels, double[] probabilities) {

    /** The prediction of a model that has seen no label yet. */
    public static ClassPrediction none() {
        return new ClassPrediction(null, List.of(), new double[0]);
    }

    /** Probability of {@code name}, 0 for a label the model has never seen. */
    public double probability(String name) {
        int i = labels.indexOf(name);
        return i < 0 ? 0.0 : probabilities[i];
    }

    /** Probability of the predicted label, 0 when there is none. */
    public double topProbability() {
        double max = 0;
        for (double p : probabilities) {
            max = Math.max(max, p);
        }
        return max;
    }

    public boolean isEmpty() {
        return label == null;
    }

    /** Label to probability, in the model's label order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), probabilities[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return "ClassPrediction[" + label + " " + asMap() + "]";
    }
}

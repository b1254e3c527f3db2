package dev.freshet.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message of {@value Topics#PREDICTIONS}: what a served model answered for one feature vector.
 *
 * @param predictionId  unique per answer
 * @param eventId       the event predicted, as on {@value Topics#FEATURES}; its label arrives later under it
 * @param featureSet    the feature set's name
 * @param schemaVersion the feature set's version
 * @param entityId      the entity (the Kafka key)
 * @param eventTime     when the features were observed
 * @param model         the registry's model name
 * @param modelVersion  the version that answered
 * @param label         the most probable class
 * @param probabilities probability per class, in the model's label order
 * @param abstained     true when the top probability was below the abstention threshold
 * @param predictedAt   when the answer was made
 */
public record PredictionMessage(String predictionId, String eventId, String featureSet, int schemaVersion,
                                String entityId, Instant eventTime, String model, long modelVersion, String label,
                                Map<String, Double> probabilities, boolean abstained, Instant predictedAt) {

    public PredictionMessage {
        Objects.requireNonNull(predictionId, "predictionId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(probabilities, "probabilities");
    }
}

package dev.freshet.features;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message of {@value Topics#FEATURES}: the features of one entity at event time, before its label is known.
 *
 * @param eventId       unique per event; the labelled example of the same event carries it too
 * @param featureSet    the feature set's name
 * @param schemaVersion the feature set's version
 * @param entityId      the entity (the Kafka key)
 * @param eventTime     when the features were observed
 * @param features      values by name
 */
public record FeatureVectorMessage(String eventId, String featureSet, int schemaVersion, String entityId,
                                   Instant eventTime, Map<String, Double> features) {

    public FeatureVectorMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(featureSet, "featureSet");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(eventTime, "eventTime");
        features = Map.copyOf(Objects.requireNonNull(features, "features"));
    }
}

package dev.freshet.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        features = ReadFeatures.copyOf(Objects.requireNonNull(features, "features"));
    }

    /**
     * What would make this message poison: times, ids, names or the number of features out of {@code limits} at
     * {@code now}, an empty event id, non-finite values.
     */
    public List<String> problems(MessageLimits limits, Instant now) {
        List<String> problems = new ArrayList<>();
        if (eventId.isBlank()) {
            problems.add("eventId is empty");
        }
        MessageLimits.checkTime(problems, limits, "eventTime", eventTime, now);
        MessageLimits.checkLength(problems, "eventId", eventId, MessageLimits.MAX_ID_LENGTH);
        MessageLimits.checkLength(problems, "entityId", entityId, MessageLimits.MAX_ID_LENGTH);
        MessageLimits.checkLength(problems, "featureSet", featureSet, MessageLimits.MAX_ID_LENGTH);
        MessageLimits.checkFeatures(problems, features);
        if (features.size() <= MessageLimits.MAX_FEATURES) {
            features.forEach((name, value) -> {
                if (value == null || !Double.isFinite(value)) {
                    problems.add("feature '" + name + "' is " + value + ", not a finite number");
                }
            });
        }
        return problems;
    }
}

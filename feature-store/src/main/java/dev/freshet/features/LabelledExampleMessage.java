package dev.freshet.features;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message of {@value Topics#EXAMPLES}: an event's features with its label, sent when the label became known.
 *
 * @param eventId       the event's id, as on {@value Topics#FEATURES}
 * @param featureSet    the feature set's name
 * @param schemaVersion the feature set's version
 * @param entityId      the entity (the Kafka key)
 * @param eventTime     when the features were observed
 * @param labelTime     when the label became known (not before {@code eventTime})
 * @param features      values by name, including those only known later
 * @param label         the class
 */
public record LabelledExampleMessage(String eventId, String featureSet, int schemaVersion, String entityId,
                                     Instant eventTime, Instant labelTime,
                                     @JsonDeserialize(using = ReadFeatures.Deserializer.class) Map<String, Double> features,
                                     String label) {

    public LabelledExampleMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(featureSet, "featureSet");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(labelTime, "labelTime");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(features, "features");
        features = features instanceof ReadFeatures ? features : Map.copyOf(features); // both immutable
        if (labelTime.isBefore(eventTime)) {
            throw new IllegalArgumentException("label time " + labelTime + " is before event time " + eventTime);
        }
    }

    /** Non-finite values, an empty label or no features: what would make this example poison. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (label.isBlank()) {
            problems.add("label is empty");
        }
        if (features.isEmpty()) {
            problems.add("no features");
        }
        features.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                problems.add("feature '" + name + "' is " + value + ", not a finite number");
            }
        });
        return problems;
    }
}

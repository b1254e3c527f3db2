package dev.freshet.contract;

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
        features = ReadFeatures.copyOf(features);
        if (labelTime.isBefore(eventTime)) {
            throw new IllegalArgumentException("label time " + labelTime + " is before event time " + eventTime);
        }
    }

    /** {@link #problems(MessageLimits, Instant)} with the default limits, now. */
    public List<String> problems() {
        return problems(MessageLimits.DEFAULT, Instant.now());
    }

    /**
     * What would make this example poison: times, ids, names or the number of features out of {@code limits} at
     * {@code now}, non-finite values, an empty event id or label, or no features.
     */
    public List<String> problems(MessageLimits limits, Instant now) {
        List<String> problems = new ArrayList<>();
        if (eventId.isBlank()) {
            problems.add("eventId is empty");
        }
        MessageLimits.checkTime(problems, limits, "eventTime", eventTime, now);
        MessageLimits.checkTime(problems, limits, "labelTime", labelTime, now);
        MessageLimits.checkLength(problems, "eventId", eventId, MessageLimits.MAX_ID_LENGTH);
        MessageLimits.checkLength(problems, "entityId", entityId, MessageLimits.MAX_ID_LENGTH);
        MessageLimits.checkLength(problems, "featureSet", featureSet, MessageLimits.MAX_ID_LENGTH);
        MessageLimits.checkLength(problems, "label", label, MessageLimits.MAX_NAME_LENGTH);
        MessageLimits.checkFeatures(problems, features);
        if (features.size() > MessageLimits.MAX_FEATURES) {
            return problems; // not worth a problem per feature
        }
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

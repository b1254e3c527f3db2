package dev.freshet.inference.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.freshet.contract.Messages;
import dev.freshet.inference.serve.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link dev.freshet.contract.PredictionMessage} with Jackson's streaming generator, fields in the
 * record's order, times as the text they arrived in: what {@code Messages.toJson} of the record gives, without
 * building the record, its map and its times first. A test holds the two to the same message.
 */
final class PredictionWriter {

    // Field names encoded once: writing them was a fair part of each answer's time.
    private static final SerializedString PREDICTION_ID = new SerializedString("predictionId");
    private static final SerializedString EVENT_ID = new SerializedString("eventId");
    private static final SerializedString FEATURE_SET = new SerializedString("featureSet");
    private static final SerializedString SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializedString ENTITY_ID = new SerializedString("entityId");
    private static final SerializedString EVENT_TIME = new SerializedString("eventTime");
    private static final SerializedString MODEL = new SerializedString("model");
    private static final SerializedString MODEL_VERSION = new SerializedString("modelVersion");
    private static final SerializedString LABEL = new SerializedString("label");
    private static final SerializedString PROBABILITIES = new SerializedString("probabilities");
    private static final SerializedString ABSTAINED = new SerializedString("abstained");
    private static final SerializedString PREDICTED_AT = new SerializedString("predictedAt");

    private PredictionWriter() {}

    static byte[] write(FeatureVectorReader.Read vector, Answer answer, String predictedAt) {
        ByteArrayBuilder out = new ByteArrayBuilder(384);
        try (JsonGenerator g = Messages.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(PREDICTION_ID);
            g.writeString(vector.eventId() + "/" + answer.model() + "/" + answer.version());
            g.writeFieldName(EVENT_ID);
            g.writeString(vector.eventId());
            g.writeFieldName(FEATURE_SET);
            g.writeString(vector.featureSet());
            g.writeFieldName(SCHEMA_VERSION);
            g.writeNumber(vector.schemaVersion());
            g.writeFieldName(ENTITY_ID);
            g.writeString(vector.entityId());
            g.writeFieldName(EVENT_TIME);
            g.writeString(vector.eventTime());
            g.writeFieldName(MODEL);
            g.writeString(answer.model());
            g.writeFieldName(MODEL_VERSION);
            g.writeNumber(answer.version());
            g.writeFieldName(LABEL);
            g.writeString(answer.label());
            g.writeFieldName(PROBABILITIES);
            g.writeStartObject();
            for (int i = 0; i < answer.labels().size(); i++) {
                g.writeNumberField(answer.labels().get(i), answer.probabilities()[i]);
            }
            g.writeEndObject();
            g.writeFieldName(ABSTAINED);
            g.writeBoolean(answer.abstained());
            g.writeFieldName(PREDICTED_AT);
            g.writeString(predictedAt);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.freshet.inference.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.freshet.features.Messages;
import dev.freshet.inference.serve.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link dev.freshet.features.PredictionMessage} with Jackson's streaming generator, fields in the
 * record's order, times as the text they arrived in: what {@code Messages.toJson} of the record gives, without
 * building the record, its map and its times first. A test holds the two to the same message.
 */
final class PredictionWriter {

    private PredictionWriter() {}

    static byte[] write(FeatureVectorReader.Read vector, Answer answer, String predictedAt) {
        ByteArrayBuilder out = new ByteArrayBuilder(384);
        try (JsonGenerator g = Messages.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("predictionId", vector.eventId() + "/" + answer.model() + "/" + answer.version());
            g.writeStringField("eventId", vector.eventId());
            g.writeStringField("featureSet", vector.featureSet());
            g.writeNumberField("schemaVersion", vector.schemaVersion());
            g.writeStringField("entityId", vector.entityId());
            g.writeStringField("eventTime", vector.eventTime());
            g.writeStringField("model", answer.model());
            g.writeNumberField("modelVersion", answer.version());
            g.writeStringField("label", answer.label());
            g.writeObjectFieldStart("probabilities");
            for (int i = 0; i < answer.labels().size(); i++) {
                g.writeNumberField(answer.labels().get(i), answer.probabilities()[i]);
            }
            g.writeEndObject();
            g.writeBooleanField("abstained", answer.abstained());
            g.writeStringField("predictedAt", predictedAt);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.freshet.pipeline.publish;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends features to {@code freshet.features}, examples to {@code freshet.examples} and held-out examples to
 * {@code freshet.test-examples}, keyed by entity.
 */
@ApplicationScoped
public class FeaturePublisher {

    public static final String FEATURES = "features-out";
    public static final String EXAMPLES = "examples-out";
    public static final String TEST_EXAMPLES = "test-examples-out";

    private final Emitter<Record<String, FeatureVectorMessage>> features;
    private final Emitter<Record<String, LabelledExampleMessage>> examples;
    private final Emitter<Record<String, LabelledExampleMessage>> testExamples;

    public FeaturePublisher(@Channel(FEATURES) Emitter<Record<String, FeatureVectorMessage>> features,
                            @Channel(EXAMPLES) Emitter<Record<String, LabelledExampleMessage>> examples,
                            @Channel(TEST_EXAMPLES) Emitter<Record<String, LabelledExampleMessage>> testExamples) {
        this.features = features;
        this.examples = examples;
        this.testExamples = testExamples;
    }

    /** Completes once the broker acknowledged it (acks=all). */
    public CompletionStage<Void> send(FeatureVectorMessage message) {
        return features.send(Record.of(message.entityId(), message));
    }

    /** Completes once the broker acknowledged it (acks=all). */
    public CompletionStage<Void> send(LabelledExampleMessage message) {
        return examples.send(Record.of(message.entityId(), message));
    }

    /** A held-out example; completes once the broker acknowledged it (acks=all). */
    public CompletionStage<Void> sendHeldOut(LabelledExampleMessage message) {
        return testExamples.send(Record.of(message.entityId(), message));
    }
}

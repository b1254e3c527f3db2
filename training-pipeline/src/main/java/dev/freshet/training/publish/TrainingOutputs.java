package dev.freshet.training.publish;

import dev.freshet.contract.DeadLetters;
import dev.freshet.registry.events.ModelEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * What the training loop sends to Kafka besides versions: registry events on {@code freshet.model-events}
 * (keyed by model) and poison records on the training dead-letter topic with their reason and position.
 * Dead letters are awaited before a version that skips them is published, so none is lost.
 */
@ApplicationScoped
public class TrainingOutputs {

    public static final String EVENTS = "model-events";
    public static final String DEAD_LETTERS = "training-dlq";
    private static final Logger LOG = Logger.getLogger(TrainingOutputs.class);
    /** Dead letters in flight before the loop waits for them (the emitter's buffer is bounded). */
    private static final int MAX_PENDING = 64;

    private final Emitter<byte[]> events;
    private final Emitter<byte[]> deadLetters;
    private final List<CompletableFuture<Void>> pendingDeadLetters = new ArrayList<>();

    public TrainingOutputs(@Channel(EVENTS) Emitter<byte[]> events, @Channel(DEAD_LETTERS) Emitter<byte[]> deadLetters) {
        this.events = events;
        this.deadLetters = deadLetters;
    }

    /** Announces an event; a failure is logged, never stops training (the registry is the record). */
    public void announce(ModelEvent event) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder().withKey(event.model()).build();
        events.send(Message.of(event.toJson(), Metadata.of(key), () -> CompletableFuture.completedFuture(null),
                failure -> {
                    LOG.warnf("Could not announce %s of %s on %s: %s", event.type(), event.model(), ModelEvent.TOPIC,
                            failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                }));
    }

    /** Sends a poison record to the dead-letter topic. */
    public synchronized void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                DeadLetters.forLog(reason));
        CompletableFuture<Void> sent = DeadLetters.send(deadLetters, record, reason);
        pendingDeadLetters.add(sent);
        if (pendingDeadLetters.size() >= MAX_PENDING) {
            awaitDeadLetters();
        }
    }

    /** Waits until every dead letter sent so far is acknowledged; throws if one was not. */
    public synchronized void awaitDeadLetters() {
        try {
            CompletableFuture.allOf(pendingDeadLetters.toArray(CompletableFuture[]::new)).join();
        } finally {
            pendingDeadLetters.clear();
        }
    }
}

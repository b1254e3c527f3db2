package dev.freshet.inference.stream;

import dev.freshet.contract.DeadLetters;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.MalformedMessageException;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.contract.PartitionLanes;
import dev.freshet.contract.PredictionMessage;
import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.inference.serve.Answer;
import dev.freshet.inference.serve.InvalidInputException;
import dev.freshet.inference.serve.ModelServer;
import dev.freshet.inference.serve.PredictionMeter;
import dev.freshet.inference.serve.LoadedVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * The Kafka path: every feature vector of {@code freshet.features} is answered by each served model on
 * {@code freshet.predictions}, keyed by entity, and awaited for its label. A record that cannot be scored (not
 * JSON, another feature set, missing, unknown or non-finite features) goes once to the inference dead-letter
 * topic with the reason of each model that refused it and its position, and is counted. A batch's offsets are
 * committed once all its answers and dead letters are acknowledged; until every served model has a version,
 * the channel stays paused.
 */
@ApplicationScoped
public class FeatureStreamPredictor {

    public static final String FEATURES = "features";
        public static final String DEAD_LETTERS = "inference-dlq";
    private static final Logger LOG = Logger.getLogger(FeatureStreamPredictor.class);
    private static final int BATCHES_IN_FLIGHT = 4;

    private final MessageLimits limits;
    private final ModelServer server;
    private final LiveAccuracy liveAccuracy;
    private final PredictionMeter meter;
    private final MeterRegistry meters;
    private final Emitter<byte[]> deadLetters;
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private final PredictionSink predictions;
    private final ChannelRegistry channels;
    private final PartitionLanes lanes = new PartitionLanes(Runtime.getRuntime().availableProcessors(),
            "freshet-predict-lane");

    public FeatureStreamPredictor(ModelServer server, LiveAccuracy liveAccuracy, PredictionMeter meter,
                                  MeterRegistry meters, PredictionSink predictions, ChannelRegistry channels,
                                  InferenceConfig config,
                                  @Channel(DEAD_LETTERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                  Emitter<byte[]> deadLetters) {
        this.server = server;
        this.limits = config.messages().limits();
        this.liveAccuracy = liveAccuracy;
        this.meter = meter;
        this.meters = meters;
        this.deadLetters = deadLetters;
        this.predictions = predictions;
        this.channels = channels;
    }

    /**
     * The channel starts paused and is resumed once every served model has a version: records are not polled
     * while nothing can answer them (unanswered, they would hold offsets and turn the channel unhealthy).
     */
    void resumeWhenReady(@Observes StartupEvent start) {
        server.whenReady().thenRun(() -> {
            PausableChannel channel = channels.getPausable(FEATURES);
            if (channel != null && channel.isPaused()) {
                channel.resume();
            }
            LOG.infof("Every served model has a version: answering %s", FEATURES);
        });
    }

    @PreDestroy
    void stopLanes() {
        lanes.close();
    }

    /**
     * Answers a polled batch. Up to {@value #BATCHES_IN_FLIGHT} batches wait for their acknowledgements at once
     * (waiting for each in turn left the service idle between round trips); offsets are committed per record as
     * acknowledged, so none is committed before its answers are on the topic.
     */
    @Incoming(FEATURES)
    public synchronized CompletionStage<Void> predict(KafkaRecordBatch<String, byte[]> batch) {
        inFlight.addLast(server.whenReady().thenCompose(ready -> answer(batch)).toCompletableFuture());
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            inFlight.removeFirst();
        }
        return inFlight.size() < BATCHES_IN_FLIGHT ? CompletableFuture.completedFuture(null)
                : inFlight.removeFirst().exceptionally(failure -> null);
    }

    private CompletionStage<Void> answer(KafkaRecordBatch<String, byte[]> batch) {
        List<LoadedVersion> serving = server.all().stream().map(m -> m.current().orElseThrow()).toList();
        ConsumerRecords<String, byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(IncomingKafkaRecordBatchMetadata::<String, byte[]>getRecords)
                .orElseThrow(() -> new IllegalStateException("a batch without its Kafka records"));
        BatchAcks acks = new BatchAcks();
        // Each partition's part on its lane: two cores decode and answer, each partition stays in order.
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> part = records.records(partition);
            parts.add(CompletableFuture.runAsync(() -> answer(part, serving, acks), lanes.lane(partition)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenCompose(answered -> acks.allSent())
                .handle((done, failure) -> failure)
                .thenCompose(failure -> {
                    if (failure == null) {
                        return batch.ack();
                    }
                    LOG.errorf(failure, "Answering a batch failed; its offsets are not committed");
                    return batch.nack(failure);
                });
    }

    /** Answers records of one partition in order, each send (answers and dead letters) counted in {@code acks}. */
    private void answer(List<ConsumerRecord<String, byte[]>> records, List<LoadedVersion> serving, BatchAcks acks) {
        Instant now = Instant.now();
        String predictedAt = now.toString();
        FeatureVectorReader fast = fastReader(serving, limits);
        for (ConsumerRecord<String, byte[]> record : records) {
            FeatureVectorReader.Read read = fast == null ? null : fast.read(record.value());
            if (read != null) {
                for (LoadedVersion model : serving) {
                    Answer answer = model.predict(read.row());
                    meter.answered(PredictionMeter.Path.KAFKA, answer);
                    liveAccuracy.expect(read.eventId(), answer);
                    predictions.send(read.entityId(), PredictionWriter.write(read, answer, predictedAt), acks.expect());
                }
                continue;
            }
            FeatureVectorMessage message;
            try {
                message = Messages.fromJson(record.value(), FeatureVectorMessage.class);
            } catch (MalformedMessageException e) {
                acks.track(deadLetter(record, "not a feature vector: " + e.getMessage()));
                continue;
            }
            List<String> problems = message.problems(limits, now);
            if (!problems.isEmpty()) {
                acks.track(deadLetter(record, String.join("; ", problems)));
                continue;
            }
            List<String> refusals = new ArrayList<>(0);
            for (LoadedVersion model : serving) {
                Answer answer;
                try {
                    answer = score(model, message);
                } catch (InvalidInputException e) {
                    refusals.add(model.name() + ": " + e.getMessage());
                    continue;
                }
                meter.answered(PredictionMeter.Path.KAFKA, answer);
                liveAccuracy.expect(message.eventId(), answer);
                PredictionMessage out = new PredictionMessage(message.eventId() + "/" + answer.model() + "/" + answer.version(),
                        message.eventId(), message.featureSet(), message.schemaVersion(), message.entityId(),
                        message.eventTime(), answer.model(), answer.version(), answer.label(),
                        answer.probabilityByLabel(), answer.abstained(), now);
                predictions.send(message.entityId(), Messages.toJson(out), acks.expect());
            }
            if (!refusals.isEmpty()) {
                // One dead letter per record, whichever models refused it (those that could still answered).
                acks.track(deadLetter(record, String.join(" | ", refusals)));
            }
        }
    }

    /** The streaming reader when every served version has the same schema (the usual case), else null. */
    private static FeatureVectorReader fastReader(List<LoadedVersion> serving, MessageLimits limits) {
        LoadedVersion first = serving.get(0);
        for (LoadedVersion model : serving) {
            if (!model.featureSet().equals(first.featureSet()) || !model.features().equals(first.features())) {
                return null;
            }
        }
        return new FeatureVectorReader(first.featureSet(), first.features(), limits);
    }

    private static Answer score(LoadedVersion model, FeatureVectorMessage message) {
        if (!model.featureSet().equals(message.featureSet())) {
            throw new InvalidInputException("feature set '" + message.featureSet() + "', but version " + model.version()
                    + " was trained on '" + model.featureSet() + "'");
        }
        return model.predict(model.row(message.features()));
    }

    // Synchronised: the lanes share one emitter.
    private synchronized CompletableFuture<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        Counter.builder("freshet.inference.dead.letters").description("feature vectors that could not be scored")
                .register(meters).increment();
        LOG.debugf("Dead letter from %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                DeadLetters.forLog(reason));
        return DeadLetters.send(deadLetters, record, reason);
    }
}

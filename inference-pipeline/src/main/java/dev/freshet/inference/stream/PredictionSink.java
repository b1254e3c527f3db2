package dev.freshet.inference.stream;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Where the Kafka path's answers go: {@code freshet.predictions}, through the producer of the {@value #CHANNEL}
 * channel (configured as {@code mp.messaging.outgoing.predictions.*}), sent straight to it because the emitter's
 * per-message work capped this path. Thread-safe: the lanes share it.
 */
@ApplicationScoped
public class PredictionSink {

    public static final String CHANNEL = "predictions";

    private final KafkaClientService clients;
    private final String topic;
    private volatile Producer<String, byte[]> producer;

    public PredictionSink(KafkaClientService clients,
                          @ConfigProperty(name = "mp.messaging.outgoing.predictions.topic") String topic,
                          // Declares the channel, so that the connector makes its producer.
                          @Channel(CHANNEL) Emitter<Record<String, byte[]>> channel) {
        this.clients = clients;
        this.topic = topic;
    }

    /** Sends one answer keyed by entity; {@code acked} hears of its acknowledgement or failure, never a throw. */
    void send(String key, byte[] value, Callback acked) {
        if (producer == null) {
            producer = clients.<String, byte[]>getProducer(CHANNEL).unwrap();
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value), acked);
        } catch (RuntimeException e) {
            acked.onCompletion(null, e);
        }
    }
}

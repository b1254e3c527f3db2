package dev.freshet.pipeline.publish;

import dev.freshet.contract.Messages;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer: the shared JSON of {@link Messages}. */
public class MessageSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object message) {
        return message == null ? null : Messages.toJson(message);
    }
}

package dev.freshet.featurestore;

import java.util.Objects;

/**
 * Where a record sits in Kafka: its unique identity in the store.
 *
 * @param topic     topic
 * @param partition partition
 * @param offset    offset
 */
public record KafkaPosition(String topic, int partition, long offset) {

    public KafkaPosition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset cannot be negative: " + partition + "/" + offset);
        }
    }
}

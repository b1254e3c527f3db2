package dev.freshet.featurestore;

import dev.freshet.contract.LabelledExampleMessage;
import java.util.Objects;

/**
 * A labelled example in the store.
 *
 * @param example  the example
 * @param position where it was read from Kafka; null for a backfilled example
 */
public record StoredExample(LabelledExampleMessage example, KafkaPosition position) {

    public StoredExample {
        Objects.requireNonNull(example, "example");
    }

    public boolean backfilled() {
        return position == null;
    }
}

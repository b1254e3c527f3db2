package dev.freshet.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Each partition on one lane, in order; partitions spread over the lanes. */
class PartitionLanesTest {

    @Test
    void aPartitionsWorkRunsInOrderOnItsOwnLane() throws Exception {
        try (PartitionLanes lanes = new PartitionLanes(2, "test-lane")) {
            TopicPartition partition = new TopicPartition("t", 3);
            assertThat(lanes.lane(partition)).isSameAs(lanes.lane(new TopicPartition("t", 3)));
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                work.add(CompletableFuture.runAsync(() -> {
                    seen.add(n);
                    threads.add(Thread.currentThread().getName());
                }, lanes.lane(partition)));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
            assertThat(seen).isSorted().hasSize(200);
            assertThat(threads).allMatch(t -> t.equals(threads.get(0))).allMatch(t -> t.startsWith("test-lane-"));
        }
    }

    @Test
    void partitionsSpreadOverTheLanes() {
        try (PartitionLanes lanes = new PartitionLanes(2, "test-lane")) {
            assertThat(lanes.size()).isEqualTo(2);
            assertThat(lanes.lane(new TopicPartition("t", 0))).isNotSameAs(lanes.lane(new TopicPartition("t", 1)));
        }
        try (PartitionLanes none = new PartitionLanes(0, "test-lane")) {
            assertThat(none.size()).as("at least one lane").isEqualTo(1);
        }
    }
}

package dev.freshet.contract;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;

/**
 * Lanes of work for a consumer's batches: one thread each, and a partition always on the same lane, so that each
 * partition's records are handled in poll order while different partitions run in parallel. Used where one poll's
 * records are worked on by several threads (the sink's writes, inference's answers).
 */
public final class PartitionLanes implements AutoCloseable {

    private final ExecutorService[] lanes;

    /** @param count lanes (at least one); {@code name} names their daemon threads, {@code name-0} and on */
    public PartitionLanes(int count, String name) {
        lanes = new ExecutorService[Math.max(1, count)];
        for (int i = 0; i < lanes.length; i++) {
            String thread = name + "-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(runnable -> {
                Thread t = new Thread(runnable, thread);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** The lane of this partition: the same one every time. */
    public Executor lane(TopicPartition partition) {
        return lanes[Math.floorMod(partition.topic().hashCode() * 31 + partition.partition(), lanes.length)];
    }

    public int size() {
        return lanes.length;
    }

    /** Stops the lanes; work not started is dropped (its batch is not acknowledged, so it is read again). */
    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}

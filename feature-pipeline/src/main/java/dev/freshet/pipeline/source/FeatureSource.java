package dev.freshet.pipeline.source;

import dev.freshet.contract.FeatureSet;
import java.util.List;
import java.util.Map;

/**
 * A source of the feature pipeline: declares its feature set, then yields, in order, what is to be sent —
 * feature vectors at event time and labelled examples once their label is known. It paces itself (a
 * simulated clock, a configured rate, or the pace of a live feed).
 */
public interface FeatureSource extends AutoCloseable {

    /** The schema every message of this source follows. */
    FeatureSet featureSet();

    /**
     * The next emissions, blocking until there are some.
     *
     * @return an empty list once the source has nothing more to send
     */
    List<Emission> next() throws InterruptedException;

    /** Counters worth reporting (rows read, rows rejected, reconnects, ...), by name. */
    Map<String, Long> counters();

    @Override
    default void close() {}
}

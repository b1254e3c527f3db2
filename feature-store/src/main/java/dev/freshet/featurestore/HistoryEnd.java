package dev.freshet.featurestore;

import java.util.Map;

/**
 * Where a history snapshot ends: for every topic partition the sink has written, the next offset after the
 * snapshot's last stored record. A consumer that seeks there continues exactly after the history.
 *
 * @param nextOffsets topic to partition to the next offset
 * @param examples    examples the snapshot returned
 */
public record HistoryEnd(Map<String, Map<Integer, Long>> nextOffsets, long examples) {

    public HistoryEnd {
        nextOffsets = Map.copyOf(nextOffsets);
    }
}

package dev.freshet.registry;

import java.time.Instant;
import java.util.List;

/**
 * The stored form of an alias ({@code <model>/aliases/<alias>.json}).
 *
 * @param alias      e.g. {@code champion}
 * @param model      model name
 * @param version    the version it points at
 * @param history    versions it pointed at before, most recent first (for rollback; bounded)
 * @param movedAt    when it last moved
 * @param reason     why, free text (promote, rollback, gate passed, ...)
 * @param generation moves so far, from 1; one mover per generation (see {@link ModelRegistry})
 */
public record AliasRecord(String alias, String model, long version, List<Long> history, Instant movedAt, String reason,
                          long generation) {

    public AliasRecord {
        history = history == null ? List.of() : List.copyOf(history);
    }
}

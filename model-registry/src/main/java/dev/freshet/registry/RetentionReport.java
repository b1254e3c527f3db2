package dev.freshet.registry;

import java.util.List;

/**
 * What retention kept and removed.
 *
 * @param kept             published versions kept: the newest N plus every version an alias points or
 *                         pointed at (its rollback history)
 * @param deleted          published versions removed (or, in a dry run, that would be)
 * @param abandonedRemoved version numbers whose publisher never wrote a manifest, cleaned up after an hour
 * @param dryRun           nothing was deleted
 */
public record RetentionReport(List<Long> kept, List<Long> deleted, List<Long> abandonedRemoved, boolean dryRun) {}

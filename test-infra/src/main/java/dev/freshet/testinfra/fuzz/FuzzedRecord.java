package dev.freshet.testinfra.fuzz;

/**
 * One generated record.
 *
 * @param index   its place in the run
 * @param kind    what it is
 * @param value   the record's value, null for a tombstone
 * @param valid   whether the consumer under test must process it (otherwise dead-letter it)
 * @param eventId the event id of a valid record, null otherwise
 */
public record FuzzedRecord(int index, FuzzKind kind, byte[] value, boolean valid, String eventId) {}

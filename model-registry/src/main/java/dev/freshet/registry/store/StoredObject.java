package dev.freshet.registry.store;

/**
 * An object read from the store.
 *
 * @param bytes its content
 * @param etag  its entity tag, unquoted, for a later {@code If-Match}
 */
public record StoredObject(byte[] bytes, String etag) {}

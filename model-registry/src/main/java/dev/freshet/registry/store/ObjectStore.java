package dev.freshet.registry.store;

import java.util.List;
import java.util.Optional;

/** The few object-storage operations the registry needs, with HTTP conditional writes. */
public interface ObjectStore {

    /** Creates the bucket when absent. */
    void ensureBucket();

    /** Writes unconditionally; returns the new ETag. */
    String put(String key, byte[] bytes, String contentType);

    /**
     * Writes only if no object exists under {@code key} ({@code If-None-Match: *}).
     *
     * @throws PreconditionFailedException when it exists
     */
    String putIfAbsent(String key, byte[] bytes, String contentType);

    /**
     * Writes only if the object still has {@code etag} ({@code If-Match}).
     *
     * @throws PreconditionFailedException when it changed or is gone
     */
    String putIfMatch(String key, byte[] bytes, String contentType, String etag);

    /**
     * Reads an object of at most {@code maxBytes}.
     *
     * @throws ObjectTooLargeException when it is larger, before reading it whole
     */
    Optional<StoredObject> get(String key, long maxBytes);

    /** The object's size, if it exists. */
    Optional<Long> size(String key);

    /** Keys under {@code prefix}, recursively. */
    List<String> list(String prefix);

    void delete(String key);

    /** For messages: where the objects live. */
    String location();
}

package dev.freshet.training.startup;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.ObjectTooLargeException;
import dev.freshet.registry.store.PreconditionFailedException;
import dev.freshet.registry.store.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An object store in memory with S3's conditional writes, for unit tests of the trainer's start-up logic over a
 * {@code ModelRegistry}; the real store's behaviour is held by the registry's contract tests on S3Proxy and MinIO.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private record Entry(byte[] bytes, String etag) {}

    private final Map<String, Entry> objects = new TreeMap<>();
    private long writes;

    /** Replaces an object's bytes as a damaged disk or a careless hand would, ETag and all. */
    public synchronized void overwrite(String key, byte[] bytes) {
        if (!objects.containsKey(key)) {
            throw new IllegalArgumentException("no object " + key);
        }
        put(key, bytes, "application/octet-stream");
    }

    public synchronized List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    @Override
    public void ensureBucket() {}

    @Override
    public synchronized String put(String key, byte[] bytes, String contentType) {
        String etag = "e" + ++writes;
        objects.put(key, new Entry(bytes.clone(), etag));
        return etag;
    }

    @Override
    public synchronized String putIfAbsent(String key, byte[] bytes, String contentType) {
        if (objects.containsKey(key)) {
            throw new PreconditionFailedException(key);
        }
        return put(key, bytes, contentType);
    }

    @Override
    public synchronized String putIfMatch(String key, byte[] bytes, String contentType, String etag) {
        Entry current = objects.get(key);
        if (current == null || !current.etag().equals(etag)) {
            throw new PreconditionFailedException(key);
        }
        return put(key, bytes, contentType);
    }

    @Override
    public synchronized Optional<StoredObject> get(String key, long maxBytes) {
        Entry entry = objects.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.bytes().length > maxBytes) {
            throw new ObjectTooLargeException(key, entry.bytes().length, maxBytes);
        }
        return Optional.of(new StoredObject(entry.bytes().clone(), entry.etag()));
    }

    @Override
    public synchronized Optional<Long> size(String key) {
        return Optional.ofNullable(objects.get(key)).map(e -> (long) e.bytes().length);
    }

    @Override
    public synchronized List<String> list(String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    @Override
    public synchronized void delete(String key) {
        objects.remove(key);
    }

    @Override
    public String location() {
        return "memory";
    }
}

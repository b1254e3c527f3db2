package dev.freshet.registry;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.StoredObject;
import java.util.List;
import java.util.Optional;

/**
 * A real store whose reads of one key answer the current body with an older ETag: the torn read S3Proxy's
 * filesystem backend gives while a write to that key lands (its ETag and its body are read apart).
 */
final class TornReadStore implements ObjectStore {

    private final ObjectStore store;
    private final String tornKey;
    private final String staleEtag;

    TornReadStore(ObjectStore store, String tornKey, String staleEtag) {
        this.store = store;
        this.tornKey = tornKey;
        this.staleEtag = staleEtag;
    }

    @Override
    public Optional<StoredObject> get(String key, long maxBytes) {
        Optional<StoredObject> stored = store.get(key, maxBytes);
        return key.equals(tornKey) ? stored.map(s -> new StoredObject(s.bytes(), staleEtag)) : stored;
    }

    @Override
    public void ensureBucket() {
        store.ensureBucket();
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        return store.put(key, bytes, contentType);
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        return store.putIfAbsent(key, bytes, contentType);
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String etag) {
        return store.putIfMatch(key, bytes, contentType, etag);
    }

    @Override
    public Optional<Long> size(String key) {
        return store.size(key);
    }

    @Override
    public List<String> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public String location() {
        return store.location();
    }
}

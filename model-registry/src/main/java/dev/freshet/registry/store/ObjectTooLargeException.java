package dev.freshet.registry.store;

/** An object is larger than the caller accepts. */
public class ObjectTooLargeException extends RuntimeException {

    private final long size;
    private final long limit;

    public ObjectTooLargeException(String key, long size, long limit) {
        super(key + " is " + size + " bytes, over the limit of " + limit);
        this.size = size;
        this.limit = limit;
    }

    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }
}

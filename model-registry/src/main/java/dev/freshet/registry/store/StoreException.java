package dev.freshet.registry.store;

/** The object store could not be reached or answered with an error. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

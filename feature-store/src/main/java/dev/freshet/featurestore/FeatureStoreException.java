package dev.freshet.featurestore;

/** The database could not be reached or refused a statement. */
public class FeatureStoreException extends RuntimeException {

    public FeatureStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

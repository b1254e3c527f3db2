package dev.freshet.featurestore;

/** A feature set's name and version are registered with another definition: the new one needs a new version. */
public class FeatureSetConflictException extends RuntimeException {

    public FeatureSetConflictException(String message) {
        super(message);
    }
}

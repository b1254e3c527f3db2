package dev.freshet.inference.serve;

/** A model this service does not serve, or a version the registry does not have: a 404. */
public class ModelNotFoundException extends RuntimeException {

    public ModelNotFoundException(String message) {
        super(message);
    }
}

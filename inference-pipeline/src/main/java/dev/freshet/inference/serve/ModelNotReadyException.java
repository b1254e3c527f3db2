package dev.freshet.inference.serve;

/** A served model with no version loaded yet (none published, or none loadable): a 503 until one is. */
public class ModelNotReadyException extends RuntimeException {

    public ModelNotReadyException(String message) {
        super(message);
    }
}

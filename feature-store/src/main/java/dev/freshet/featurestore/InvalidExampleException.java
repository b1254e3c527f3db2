package dev.freshet.featurestore;

/** An example the store refuses (non-finite values, no label); nothing of its batch was written. */
public class InvalidExampleException extends IllegalArgumentException {

    public InvalidExampleException(String message) {
        super(message);
    }
}

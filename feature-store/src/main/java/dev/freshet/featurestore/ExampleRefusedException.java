package dev.freshet.featurestore;

/** An example the store refuses (non-finite values, no label); nothing of its batch was written. */
public class ExampleRefusedException extends IllegalArgumentException {

    public ExampleRefusedException(String message) {
        super(message);
    }
}

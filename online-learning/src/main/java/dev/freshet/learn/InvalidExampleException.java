package dev.freshet.learn;

/** An example that cannot be learned or scored: non-finite values, mismatched arrays, a missing label. */
public class InvalidExampleException extends IllegalArgumentException {

    public InvalidExampleException(String message) {
        super(message);
    }
}

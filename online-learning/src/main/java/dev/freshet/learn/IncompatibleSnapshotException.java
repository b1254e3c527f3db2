package dev.freshet.learn;

/** A model or training state that does not belong to the learner it is restored into. */
public class IncompatibleSnapshotException extends IllegalArgumentException {

    public IncompatibleSnapshotException(String message) {
        super(message);
    }

    public IncompatibleSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}

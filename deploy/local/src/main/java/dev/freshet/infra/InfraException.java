package dev.freshet.infra;

/** The local servers could not be started or stopped; the message says why and what to do. */
public class InfraException extends RuntimeException {

    public InfraException(String message) {
        super(message);
    }

    public InfraException(String message, Throwable cause) {
        super(message, cause);
    }
}

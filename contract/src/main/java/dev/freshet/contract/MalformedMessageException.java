package dev.freshet.contract;

/** Bytes that are not a valid message: not JSON, fields missing, values out of range. */
public class MalformedMessageException extends IllegalArgumentException {

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}

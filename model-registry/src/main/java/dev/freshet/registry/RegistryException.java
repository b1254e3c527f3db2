package dev.freshet.registry;

/** Base of the registry's errors; each message names the model and version concerned. */
public class RegistryException extends RuntimeException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}

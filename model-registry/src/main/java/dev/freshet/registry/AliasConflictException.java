package dev.freshet.registry;

/** Someone else moved the alias since it was read: read it again and decide again. */
public class AliasConflictException extends RegistryException {

    public AliasConflictException(String model, String alias) {
        super("alias '" + alias + "' of model '" + model + "' was moved by someone else since it was read");
    }
}

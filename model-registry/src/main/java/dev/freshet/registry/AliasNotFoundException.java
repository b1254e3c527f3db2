package dev.freshet.registry;

/** No such alias, or an alias whose target version is gone. */
public class AliasNotFoundException extends RegistryException {

    public AliasNotFoundException(String message) {
        super(message);
    }
}

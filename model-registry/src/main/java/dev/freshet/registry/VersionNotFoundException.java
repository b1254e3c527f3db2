package dev.freshet.registry;

/** No published version (no manifest) under that number. */
public class VersionNotFoundException extends RegistryException {

    public VersionNotFoundException(String model, long version) {
        super("model '" + model + "' has no published version " + version);
    }
}

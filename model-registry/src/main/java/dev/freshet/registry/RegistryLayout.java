package dev.freshet.registry;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.ObjectTooLargeException;
import dev.freshet.registry.store.StoredObject;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where the registry keeps each thing in its bucket (see {@link ModelRegistry}), and the reads its parts share: the
 * small JSON files, bounded, and the version numbers used under a model's {@code versions/}.
 */
final class RegistryLayout {

    static final String CLAIM = "claim.json";
    static final String MODEL = "model.pb";
    static final String STATE = "state.pb";
    static final String MANIFEST = "manifest.json";
    /** Where {@link ModelRegistry#checkWritable} writes and deletes its object, beside versions/ and aliases/. */
    static final String WRITE_CHECKS = "/write-checks/";
    static final String JSON = "application/json";
    static final String BINARY = "application/octet-stream";
    static final long MAX_JSON_BYTES = 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final ObjectStore store;

    RegistryLayout(ObjectStore store) {
        this.store = store;
    }

    ObjectStore store() {
        return store;
    }

    /** A registry JSON file (claim, manifest, alias, ticket), refused when it is over {@link #MAX_JSON_BYTES}. */
    Optional<StoredObject> getJson(String key) {
        try {
            return store.get(key, MAX_JSON_BYTES);
        } catch (ObjectTooLargeException e) {
            throw new RegistryException(key + " is " + e.size() + " bytes: too large for a registry JSON file", e);
        }
    }

    /** Version numbers under versions/: all that were used, or only those with a manifest. */
    TreeSet<Long> versionNumbers(String model, boolean publishedOnly) {
        store.ensureBucket();
        String prefix = model + "/versions/";
        TreeMap<Long, Boolean> numbers = new TreeMap<>();
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                continue;
            }
            try {
                long number = Long.parseLong(rest.substring(0, slash));
                boolean manifest = rest.substring(slash + 1).equals(MANIFEST);
                numbers.merge(number, manifest, Boolean::logicalOr);
            } catch (NumberFormatException e) {
                // Not ours.
            }
        }
        TreeSet<Long> out = new TreeSet<>(Comparator.naturalOrder());
        numbers.forEach((number, hasManifest) -> {
            if (hasManifest || !publishedOnly) {
                out.add(number);
            }
        });
        return out;
    }

    static String versionDir(String model, long version) {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1, not " + version);
        }
        return model + "/versions/" + version + "/";
    }

    static String aliasKey(String model, String alias) {
        return model + "/aliases/" + alias + ".json";
    }

    static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static void requireName(String what, String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException(what + " name '" + name + "' must be letters, digits, '.', '_' or '-'"
                    + " (up to 128), starting with a letter or digit");
        }
    }
}

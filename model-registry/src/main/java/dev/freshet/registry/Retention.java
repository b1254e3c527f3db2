package dev.freshet.registry;

import static dev.freshet.registry.RegistryLayout.CLAIM;
import static dev.freshet.registry.RegistryLayout.MANIFEST;
import static dev.freshet.registry.RegistryLayout.requireName;
import static dev.freshet.registry.RegistryLayout.versionDir;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Deletes old versions: keeps the newest few and every version an alias points or pointed at; removes numbers
 * whose publisher died before writing a manifest once they are an hour old.
 */
final class Retention {

    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final RegistryLayout layout;
    private final ObjectStore store;
    private final AliasStore aliases;
    private final Clock clock;

    Retention(RegistryLayout layout, AliasStore aliases, Clock clock) {
        this.layout = layout;
        this.store = layout.store();
        this.aliases = aliases;
        this.clock = clock;
    }

    /** See {@link ModelRegistry#applyRetention}. */
    RetentionReport apply(String model, int keepLast, boolean dryRun) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keep at least one version, not " + keepLast);
        }
        requireName("model", model);
        TreeSet<Long> published = layout.versionNumbers(model, true);
        TreeSet<Long> keep = new TreeSet<>(published.descendingSet().stream().limit(keepLast).toList());
        for (AliasRef alias : aliases.all(model)) {
            keep.add(alias.version());
            keep.addAll(alias.record().history());
        }
        List<Long> deleted = new ArrayList<>();
        for (long version : published) {
            if (!keep.contains(version)) {
                deleted.add(version);
                if (!dryRun) {
                    deleteVersion(model, version);
                }
            }
        }
        List<Long> abandoned = new ArrayList<>();
        for (long number : layout.versionNumbers(model, false)) {
            if (!published.contains(number) && isAbandoned(model, number)) {
                abandoned.add(number);
                if (!dryRun) {
                    deleteVersion(model, number);
                }
            }
        }
        keep.retainAll(published);
        return new RetentionReport(List.copyOf(keep), deleted, abandoned, dryRun);
    }

    private boolean isAbandoned(String model, long number) {
        Optional<StoredObject> claim = layout.getJson(versionDir(model, number) + CLAIM);
        if (claim.isEmpty()) {
            return true;
        }
        try {
            Instant claimedAt = Instant.parse((String) RegistryJson.read(claim.get().bytes(), Map.class).get("claimedAt"));
            return claimedAt.plus(ABANDONED_AFTER).isBefore(clock.instant());
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The manifest first, so that a version disappears whole. */
    private void deleteVersion(String model, long version) {
        String dir = versionDir(model, version);
        store.delete(dir + MANIFEST);
        for (String key : store.list(dir)) {
            if (!key.endsWith(CLAIM)) {
                store.delete(key);
            }
        }
        store.delete(dir + CLAIM);
    }
}

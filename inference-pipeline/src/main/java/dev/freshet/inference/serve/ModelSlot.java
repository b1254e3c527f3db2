package dev.freshet.inference.serve;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One model name this service serves: the version answering now (one reference, swapped whole), what the last
 * load attempt said, and a few other versions loaded on request.
 */
public final class ModelSlot {

    /** The outcome of the last check against the registry. */
    public record LoadReport(Instant at, Long version, String error) {}

    private final String name;
    private final AtomicReference<LoadedVersion> current = new AtomicReference<>();
    private final AtomicReference<LoadReport> lastLoad = new AtomicReference<>();
    private final Map<Long, LoadedVersion> others;
    /** The artifact (version and SHA-256) last refused as unloadable: not downloaded again until it changes. */
    private final AtomicReference<String> refused = new AtomicReference<>();

    ModelSlot(String name, int otherVersionsCached) {
        this.name = name;
        this.others = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, LoadedVersion> eldest) {
                return size() > otherVersionsCached;
            }
        };
    }

    public String name() {
        return name;
    }

    /** The version answering now, if one is loaded. */
    public Optional<LoadedVersion> current() {
        return Optional.ofNullable(current.get());
    }

    /** The outcome of the last load attempt, if any was made. */
    public Optional<LoadReport> lastLoad() {
        return Optional.ofNullable(lastLoad.get());
    }

    void swap(LoadedVersion next) {
        current.set(next);
    }

    void reported(LoadReport report) {
        lastLoad.set(report);
    }

    void refuse(long version, String sha256) {
        refused.set(version + "/" + sha256);
    }

    boolean wasRefused(long version, String sha256) {
        return (version + "/" + sha256).equals(refused.get());
    }

    synchronized Optional<LoadedVersion> cached(long version) {
        return Optional.ofNullable(others.get(version));
    }

    synchronized void cache(LoadedVersion model) {
        others.put(model.version(), model);
    }
}

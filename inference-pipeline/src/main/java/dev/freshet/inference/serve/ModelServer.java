package dev.freshet.inference.serve;

import dev.freshet.inference.config.InferenceConfig;
import dev.freshet.registry.AliasNotFoundException;
import dev.freshet.registry.LoadedModel;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelLoadException;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.VersionNotFoundException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;
import org.tribuo.classification.Label;

/**
 * The served models and how a new version comes in: resolve the alias (or the newest version while there is
 * none), load and verify that version fully, then swap one reference. A failed load keeps the current version
 * answering; it is logged, counted ({@code freshet.inference.model.load.failures}) and shown on the status. A
 * version refused as unloadable is not tried again until its manifest names another artifact; one that failed
 * because the registry could not be reached is tried at the next check.
 */
@ApplicationScoped
public class ModelServer {

    private static final Logger LOG = Logger.getLogger(ModelServer.class);

    private final InferenceConfig config;
    private final ModelRegistry registry;
    private final MeterRegistry meters;
    private final Map<String, ModelSlot> served = new LinkedHashMap<>();
    private final CompletableFuture<Void> allLoaded = new CompletableFuture<>();

    public ModelServer(InferenceConfig config, ModelRegistry registry, MeterRegistry meters) {
        this.config = config;
        this.registry = registry;
        this.meters = meters;
        for (String name : config.models()) {
            ModelSlot model = new ModelSlot(name, config.reload().otherVersionsCached());
            served.put(name, model);
            Gauge.builder("freshet.inference.model.version", model,
                            m -> m.current().map(LoadedVersion::version).orElse(0L).doubleValue())
                    .description("the version answering now (0: none loaded)").tag("model", name).register(meters);
        }
    }

    /** Served model names, the default first. */
    public List<String> names() {
        return List.copyOf(served.keySet());
    }

    public String defaultModel() {
        return names().get(0);
    }

    public List<ModelSlot> all() {
        return List.copyOf(served.values());
    }

    /** @throws ModelNotFoundException when the name is not served here */
    public ModelSlot model(String name) {
        ModelSlot model = served.get(name);
        if (model == null) {
            throw new ModelNotFoundException("model '" + name + "' is not served here; served: " + names());
        }
        return model;
    }

    /** True once every served model has a version loaded. */
    public boolean ready() {
        return served.values().stream().allMatch(m -> m.current().isPresent());
    }

    /** Completes once every served model has a version loaded. */
    public CompletionStage<Void> whenReady() {
        return allLoaded.minimalCompletionStage();
    }

    /**
     * The version answering now.
     *
     * @throws ModelNotFoundException when the name is not served
     * @throws ModelNotReadyException when no version is loaded yet
     */
    public LoadedVersion serving(String name) {
        ModelSlot model = model(name);
        return model.current().orElseThrow(() -> new ModelNotReadyException("model '" + name
                + "' has no version loaded yet" + model.lastLoad().map(r -> r.error() == null ? "" : ": " + r.error()).orElse("")));
    }

    /**
     * A given version: the serving one, or another loaded on request (a few are kept).
     *
     * @throws ModelNotFoundException when the name is not served or the registry has no such version
     * @throws ModelLoadException     when the version exists but cannot be loaded safely
     */
    public LoadedVersion version(String name, long version) {
        ModelSlot model = model(name);
        Optional<LoadedVersion> current = model.current();
        if (current.isPresent() && current.get().version() == version) {
            return current.get();
        }
        Optional<LoadedVersion> cached = model.cached(version);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            LoadedVersion loaded = load(name, version);
            model.cache(loaded);
            return loaded;
        } catch (VersionNotFoundException e) {
            throw new ModelNotFoundException("model '" + name + "' has no version " + version);
        }
    }

    /**
     * Brings a model to the version its alias names (or its newest while it has no alias) if that is not the
     * one serving. Calls for one model run one at a time.
     *
     * @return true when a new version was swapped in
     */
    public boolean refresh(String name) {
        ModelSlot model = model(name);
        synchronized (model) {
            Manifest target;
            try {
                target = target(name);
            } catch (AliasNotFoundException e) {
                LOG.debugf("%s: nothing to serve yet (%s)", name, e.getMessage());
                model.reported(new ModelSlot.LoadReport(Instant.now(), null, e.getMessage()));
                return false;
            } catch (RuntimeException e) {
                failed(model, null, "registry unavailable", e);
                return false;
            }
            Optional<LoadedVersion> current = model.current();
            if (current.isPresent() && current.get().version() == target.version()) {
                return false;
            }
            String sha256 = target.artifact() == null ? null : target.artifact().sha256();
            if (model.wasRefused(target.version(), sha256)) {
                return false; // refused as it is stored: reported once, not downloaded every check
            }
            try {
                LoadedVersion next = load(name, target.version());
                model.swap(next);
                if (ready()) {
                    allLoaded.complete(null);
                }
                model.reported(new ModelSlot.LoadReport(Instant.now(), next.version(), null));
                Counter.builder("freshet.inference.model.loads").description("versions swapped in")
                        .tag("model", name).register(meters).increment();
                LOG.infof("%s: now serving version %d (was %s)", name, next.version(),
                        current.map(c -> Long.toString(c.version())).orElse("none"));
                return true;
            } catch (ModelLoadException e) {
                model.refuse(target.version(), sha256);
                failed(model, target.version(), e.reason().name(), e);
            } catch (RuntimeException e) {
                failed(model, target.version(), "registry unavailable", e);
            }
            return false;
        }
    }

    private void failed(ModelSlot model, Long version, String reason, RuntimeException e) {
        String serving = model.current().map(c -> "version " + c.version() + " keeps serving").orElse("nothing is served yet");
        String message = (version == null ? "" : "version " + version + ": ") + e.getMessage();
        model.reported(new ModelSlot.LoadReport(Instant.now(), version, message));
        Counter.builder("freshet.inference.model.load.failures").description("versions that could not be loaded")
                .tag("model", model.name()).tag("reason", reason).register(meters).increment();
        LOG.errorf("%s: could not load %s; %s", model.name(), message, serving);
    }

    private Manifest target(String name) {
        if (registry.alias(name, config.alias()).isPresent()) {
            return registry.resolve(name, config.alias());
        }
        return registry.resolve(name, ModelRegistry.LATEST);
    }

    private LoadedVersion load(String name, long version) {
        LoadedModel<Label> loaded = registry.load(name, version, Label.class);
        return LoadedVersion.of(loaded.manifest(), loaded.model(), config.abstainBelow());
    }
}

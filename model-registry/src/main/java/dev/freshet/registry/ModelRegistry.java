package dev.freshet.registry;

import static dev.freshet.registry.RegistryLayout.MANIFEST;
import static dev.freshet.registry.RegistryLayout.requireName;
import static dev.freshet.registry.RegistryLayout.versionDir;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.ObjectTooLargeException;
import dev.freshet.registry.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.tribuo.Output;

/**
 * Versioned models on S3/MinIO:
 * <pre>
 * &lt;model&gt;/versions/&lt;n&gt;/claim.json      who owns version n (created with If-None-Match: *)
 * &lt;model&gt;/versions/&lt;n&gt;/model.pb        the Tribuo protobuf model
 * &lt;model&gt;/versions/&lt;n&gt;/state.pb        the training state (optional)
 * &lt;model&gt;/versions/&lt;n&gt;/manifest.json   written last: the version exists once this does
 * &lt;model&gt;/aliases/&lt;alias&gt;.json        champion and others, moved with If-Match on the ETag
 * &lt;model&gt;/alias-moves/&lt;alias&gt;/&lt;g&gt;-&lt;k&gt;.json  the one mover of generation g (If-None-Match: *)
 * &lt;model&gt;/write-checks/&lt;publisher&gt;.json   written, read and deleted by {@link #checkWritable}
 * </pre>
 * {@code latest} is not stored: it is always the newest published version. Thread-safe.
 *
 * <p>Why move tickets: some S3 servers (S3Proxy among them) check {@code If-Match} and then write, so two
 * movers holding the same ETag can both succeed. {@code If-None-Match: *} creates are atomic there too, so
 * each move first creates the ticket of the alias's next generation; only its creator goes on to the
 * {@code If-Match} write; a creator whose write is refused (its read was stale) deletes its ticket. A ticket
 * whose mover died is passed over after {@value AliasStore#STALE_TICKET_SECONDS} s.
 *
 * <p>This class is the registry's API; its parts are {@link VersionWriter} (publishing), {@link AliasStore} (aliases
 * and their move tickets), {@link Retention} and {@link RegistryLayout} (where things are kept).
 */
public final class ModelRegistry {

    public static final String CHAMPION = "champion";
    public static final String LATEST = "latest";
    static final long STALE_TICKET_SECONDS = AliasStore.STALE_TICKET_SECONDS;

    private final ObjectStore store;
    private final RegistrySettings settings;
    private final RegistryLayout layout;
    private final VersionWriter versionWriter;
    private final AliasStore aliasStore;
    private final Retention retention;

    public ModelRegistry(ObjectStore store, RegistrySettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    ModelRegistry(ObjectStore store, RegistrySettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        String publisherId = UUID.randomUUID().toString();
        this.layout = new RegistryLayout(store);
        this.versionWriter = new VersionWriter(layout, settings, clock, publisherId);
        this.aliasStore = new AliasStore(layout, settings, clock, publisherId);
        this.retention = new Retention(layout, aliasStore, clock);
    }

    public RegistrySettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- publish

    /**
     * Publishes a new version: claims the next free number with a conditional write, writes the artifacts,
     * then the manifest. Two publishers never own the same number; a publisher that dies half-way leaves a
     * number nobody sees.
     *
     * @param trainingState optional; null when there is none
     * @return the manifest, with the version number
     */
    public Manifest publish(String model, byte[] artifact, byte[] trainingState, ManifestDraft draft) {
        return versionWriter.publish(model, artifact, trainingState, draft);
    }

    /**
     * Checks that this publisher may write beside {@code model}'s versions: writes a small object there, reads it
     * back and deletes it. A trainer calls it before it learns anything, so that a registry refusing its writes shows
     * at start rather than when its first interval ends, and so that its first version does not wait for the store
     * client's write path to run for the first time.
     *
     * @throws RegistryException when the store refuses or loses the write, or cannot be reached
     */
    public void checkWritable(String model) {
        versionWriter.checkWritable(model);
    }

    // ---------------------------------------------------------------- read

    /**
     * The manifest of a published version, checked.
     *
     * @return empty when the version was never published (or only half)
     * @throws ModelLoadException with {@code INVALID_MANIFEST} when it is unreadable or incomplete
     */
    public Optional<Manifest> manifest(String model, long version) {
        requireName("model", model);
        Optional<StoredObject> stored = layout.getJson(versionDir(model, version) + MANIFEST);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Manifest manifest;
        try {
            manifest = RegistryJson.read(stored.get().bytes(), Manifest.class);
        } catch (IOException e) {
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MANIFEST, "manifest of version " + version
                    + " of '" + model + "' is not readable JSON: " + e.getMessage(), e);
        }
        List<String> problems = manifest.problems(model, version);
        if (!problems.isEmpty()) {
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MANIFEST, "manifest of version " + version
                    + " of '" + model + "' is incomplete: " + String.join("; ", problems));
        }
        return Optional.of(manifest);
    }

    /** Published versions with readable manifests, oldest first. */
    public List<Manifest> versions(String model) {
        List<Manifest> manifests = new ArrayList<>();
        for (long version : layout.versionNumbers(model, true)) {
            try {
                manifest(model, version).ifPresent(manifests::add);
            } catch (ModelLoadException e) {
                // An unreadable manifest is not a usable version; load() reports why if asked for it.
            }
        }
        return manifests;
    }

    /** The newest published version, if any. */
    public Optional<Long> latestVersion(String model) {
        requireName("model", model);
        TreeSet<Long> published = layout.versionNumbers(model, true);
        return published.isEmpty() ? Optional.empty() : Optional.of(published.last());
    }

    /** Model names with at least one object stored. */
    public List<String> models() {
        store.ensureBucket();
        return store.list("").stream().map(key -> key.substring(0, Math.max(0, key.indexOf('/'))))
                .filter(name -> !name.isEmpty()).distinct().sorted().toList();
    }

    /**
     * Loads and checks a version: manifest, size limit, size and SHA-256, then the model's format and type.
     *
     * @throws VersionNotFoundException when there is no such published version
     * @throws ModelLoadException       when a check fails; nothing unchecked was parsed
     */
    public <T extends Output<T>> LoadedModel<T> load(String model, long version, Class<T> outputType) {
        Manifest manifest = manifest(model, version).orElseThrow(() -> new VersionNotFoundException(model, version));
        String what = "version " + version + " of '" + model + "'";
        byte[] bytes = readArtifact(manifest.artifact(), what);
        ArtifactVerifier.checkIntegrity(bytes, manifest.artifact(), what);
        return new LoadedModel<>(manifest, ArtifactVerifier.parse(bytes, outputType, settings, what));
    }

    /** The training state saved with a version, checked against its manifest; empty if none was saved. */
    public Optional<byte[]> trainingState(Manifest manifest) {
        if (manifest.trainingState() == null) {
            return Optional.empty();
        }
        String what = "training state of version " + manifest.version() + " of '" + manifest.model() + "'";
        byte[] bytes = readArtifact(manifest.trainingState(), what);
        ArtifactVerifier.checkIntegrity(bytes, manifest.trainingState(), what);
        return Optional.of(bytes);
    }

    private byte[] readArtifact(ArtifactRef ref, String what) {
        if (ref.size() > settings.maxArtifactBytes()) {
            throw new ModelLoadException(ModelLoadException.Reason.TOO_LARGE, what + " is " + ref.size()
                    + " bytes, over the limit of " + settings.maxArtifactBytes());
        }
        try {
            return store.get(ref.key(), settings.maxArtifactBytes())
                    .orElseThrow(() -> new ModelLoadException(ModelLoadException.Reason.ARTIFACT_MISSING,
                            what + ": its file " + ref.key() + " is missing"))
                    .bytes();
        } catch (ObjectTooLargeException e) {
            throw new ModelLoadException(ModelLoadException.Reason.TOO_LARGE, what + " is " + e.size()
                    + " bytes or more, over the limit of " + settings.maxArtifactBytes(), e);
        }
    }

    // ---------------------------------------------------------------- aliases

    /** The alias as stored, with its ETag; empty if it was never set. */
    public Optional<AliasRef> alias(String model, String alias) {
        return aliasStore.read(model, alias);
    }

    /** Every stored alias of a model. */
    public List<AliasRef> aliases(String model) {
        return aliasStore.all(model);
    }

    /**
     * The manifest an alias points at. {@code latest} is the newest published version.
     *
     * @throws AliasNotFoundException when the alias is unset or points at a version that does not exist
     */
    public Manifest resolve(String model, String alias) {
        if (LATEST.equals(alias)) {
            long version = latestVersion(model).orElseThrow(() ->
                    new AliasNotFoundException("model '" + model + "' has no published version, so no 'latest'"));
            return manifest(model, version).orElseThrow(() -> new VersionNotFoundException(model, version));
        }
        AliasRef ref = alias(model, alias).orElseThrow(() ->
                new AliasNotFoundException("model '" + model + "' has no alias '" + alias + "'"));
        return manifest(model, ref.version()).orElseThrow(() -> new AliasNotFoundException("alias '" + alias
                + "' of '" + model + "' points at version " + ref.version() + ", which does not exist"));
    }

    /**
     * Moves an alias if nobody moved it since it was read.
     *
     * @param expectedEtag the ETag read with the alias, or null when it must not exist yet
     * @throws VersionNotFoundException when the target version is not published
     * @throws AliasConflictException   when it was moved (or created) by someone else meanwhile
     */
    public AliasRef moveAlias(String model, String alias, long version, String expectedEtag, String reason) {
        requireName("alias", alias);
        if (LATEST.equals(alias)) {
            throw new RegistryException("'latest' always names the newest published version and cannot be moved");
        }
        manifest(model, version).orElseThrow(() -> new VersionNotFoundException(model, version));
        if (expectedEtag == null) {
            return aliasStore.write(model, alias, version, List.of(), null, 0, reason);
        }
        AliasRef current = alias(model, alias).orElseThrow(() -> new AliasConflictException(model, alias));
        if (!current.etag().equals(expectedEtag)) {
            throw new AliasConflictException(model, alias);
        }
        List<Long> history = new ArrayList<>();
        if (current.version() != version) {
            history.add(current.version());
        }
        history.addAll(current.record().history());
        return aliasStore.write(model, alias, version, history, current, reason);
    }

    /** Points {@code alias} at {@code version}, whatever it pointed at (one optimistic attempt). */
    public AliasRef promote(String model, String alias, long version, String reason) {
        store.ensureBucket();
        Optional<AliasRef> current = alias(model, alias);
        return moveAlias(model, alias, version, current.map(AliasRef::etag).orElse(null), reason);
    }

    /**
     * Moves {@code alias} back to the version it pointed at before (the first of its history).
     *
     * @throws AliasNotFoundException when the alias is unset, has no previous version, or that version is gone
     */
    public AliasRef rollback(String model, String alias) {
        return rollback(model, alias, null);
    }

    /**
     * As {@link #rollback(String, String)}, recording {@code reason} (who and why) in the alias.
     *
     * @throws AliasNotFoundException when the alias is unset, has no previous version, or that version is gone
     */
    public AliasRef rollback(String model, String alias, String reason) {
        AliasRef current = alias(model, alias).orElseThrow(() ->
                new AliasNotFoundException("model '" + model + "' has no alias '" + alias + "' to roll back"));
        List<Long> history = current.record().history();
        if (history.isEmpty()) {
            throw new AliasNotFoundException("alias '" + alias + "' of '" + model + "' has no previous version");
        }
        long previous = history.get(0);
        if (manifest(model, previous).isEmpty()) {
            throw new AliasNotFoundException("alias '" + alias + "' of '" + model + "' would roll back to version "
                    + previous + ", which no longer exists");
        }
        return aliasStore.write(model, alias, previous, history.subList(1, history.size()), current,
                reason == null ? "rollback from version " + current.version()
                        : reason + " (from version " + current.version() + ")");
    }

    // ---------------------------------------------------------------- retention

    /**
     * Keeps the newest {@code keepLast} published versions and every version an alias points or pointed at;
     * deletes the others (manifest first, so a version disappears whole). Numbers whose publisher died
     * before writing a manifest are removed once an hour old.
     */
    public RetentionReport applyRetention(String model, int keepLast, boolean dryRun) {
        return retention.apply(model, keepLast, dryRun);
    }
}

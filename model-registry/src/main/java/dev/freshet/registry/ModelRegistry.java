package dev.freshet.registry;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.ObjectTooLargeException;
import dev.freshet.registry.store.PreconditionFailedException;
import dev.freshet.registry.store.StoredObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.tribuo.Output;
import org.tribuo.Tribuo;

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
 * whose mover died is passed over after {@value #STALE_TICKET_SECONDS} s.
 */
public final class ModelRegistry {

    public static final String CHAMPION = "champion";
    public static final String LATEST = "latest";

    static final String CLAIM = "claim.json";
    static final String MODEL = "model.pb";
    static final String STATE = "state.pb";
    static final String MANIFEST = "manifest.json";
    /** Where {@link #checkWritable} writes and deletes its object, beside versions/ and aliases/. */
    static final String WRITE_CHECKS = "/write-checks/";
    private static final String JSON = "application/json";
    private static final String BINARY = "application/octet-stream";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final long MAX_JSON_BYTES = 1024 * 1024;
    private static final int MAX_CLAIM_ATTEMPTS = 1_000;
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    static final long STALE_TICKET_SECONDS = 30;
    private static final int MAX_TICKET_ATTEMPTS = 20;

    private final ObjectStore store;
    private final RegistrySettings settings;
    private final Clock clock;
    private final String publisherId = UUID.randomUUID().toString();
    /** Last number this instance claimed per model: the next claim starts there instead of listing again. */
    private final Map<String, Long> lastClaimed = new ConcurrentHashMap<>();

    public ModelRegistry(ObjectStore store, RegistrySettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    ModelRegistry(ObjectStore store, RegistrySettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
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
        requireName("model", model);
        if (artifact.length == 0) {
            throw new RegistryException("refusing to publish an empty artifact for model '" + model + "'");
        }
        if (artifact.length > settings.maxArtifactBytes()) {
            throw new RegistryException("refusing to publish " + artifact.length + " bytes for model '" + model
                    + "': over the limit of " + settings.maxArtifactBytes());
        }
        if (ArtifactVerifier.isJavaSerialized(artifact)) {
            throw new RegistryException("refusing to publish a Java-serialized stream for model '" + model
                    + "': only Tribuo protobuf models");
        }
        store.ensureBucket();
        long version = claimNextVersion(model);
        String dir = versionDir(model, version);
        ArtifactRef artifactRef = new ArtifactRef(dir + MODEL, artifact.length, ArtifactVerifier.sha256(artifact),
                ArtifactRef.TRIBUO_PROTOBUF);
        store.put(artifactRef.key(), artifact, BINARY);
        ArtifactRef stateRef = null;
        if (trainingState != null) {
            stateRef = new ArtifactRef(dir + STATE, trainingState.length, ArtifactVerifier.sha256(trainingState),
                    ArtifactRef.TRAINING_STATE);
            store.put(stateRef.key(), trainingState, BINARY);
        }
        Manifest manifest = new Manifest(model, version, draft.parentVersion(), clock.instant(), draft.algorithm(),
                draft.hyperParameters(), draft.featureSchema(), draft.labels(), draft.metrics(), draft.kafkaOffsets(),
                draft.examplesSeen(), artifactRef, stateRef, Tribuo.VERSION);
        List<String> problems = manifest.problems(model, version);
        if (!problems.isEmpty()) {
            throw new RegistryException("refusing to publish version " + version + " of '" + model + "': " + problems);
        }
        try {
            store.putIfAbsent(dir + MANIFEST, RegistryJson.write(manifest), JSON);
        } catch (PreconditionFailedException e) {
            throw new RegistryException("version " + version + " of '" + model + "' got a manifest from someone "
                    + "else although this publisher claimed it", e);
        }
        return manifest;
    }

    /**
     * Checks that this publisher may write beside {@code model}'s versions: writes a small object there, reads it
     * back and deletes it. A trainer calls it before it learns anything, so that a registry refusing its writes shows
     * at start rather than when its first interval ends, and so that its first version does not wait for the store
     * client's write path to run for the first time (that made the first version of a trainer the slowest).
     *
     * @throws RegistryException when the store refuses or loses the write, or cannot be reached
     */
    public void checkWritable(String model) {
        requireName("model", model);
        String key = model + WRITE_CHECKS + publisherId + ".json";
        byte[] check = RegistryJson.write(Map.of("publisher", publisherId, "checkedAt", clock.instant().toString()));
        boolean readBack;
        try {
            store.ensureBucket();
            store.put(key, check, JSON);
            readBack = store.get(key, MAX_JSON_BYTES).map(o -> Arrays.equals(o.bytes(), check)).orElse(false);
            store.delete(key);
        } catch (RuntimeException e) {
            throw new RegistryException("the registry (" + store.location() + ") does not take this publisher's "
                    + "writes for '" + model + "': " + e.getMessage(), e);
        }
        if (!readBack) {
            throw new RegistryException("the registry (" + store.location() + ") did not give back what this "
                    + "publisher wrote beside the versions of '" + model + "'");
        }
    }

    private long claimNextVersion(String model) {
        // The conditional write decides ownership; the starting point is only a guess to save a listing.
        Long last = lastClaimed.get(model);
        long candidate = (last != null ? last : highestNumber(model)) + 1;
        byte[] claim = RegistryJson.write(Map.of("publisher", publisherId, "claimedAt", clock.instant().toString()));
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            try {
                store.putIfAbsent(versionDir(model, candidate) + CLAIM, claim, JSON);
                lastClaimed.merge(model, candidate, Math::max);
                return candidate;
            } catch (PreconditionFailedException e) {
                // Another publisher owns this number: after a first miss look where the others are, then step on.
                candidate = attempt == 0 ? Math.max(candidate, highestNumber(model)) + 1 : candidate + 1;
            }
        }
        throw new RegistryException("could not claim a version number for '" + model + "' after "
                + MAX_CLAIM_ATTEMPTS + " attempts");
    }

    /** Highest number used under versions/, claimed or published. */
    private long highestNumber(String model) {
        return versionNumbers(model, false).stream().mapToLong(Long::longValue).max().orElse(0);
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
        Optional<StoredObject> stored = getJson(versionDir(model, version) + MANIFEST);
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
        for (long version : versionNumbers(model, true)) {
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
        TreeSet<Long> published = versionNumbers(model, true);
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
        requireName("model", model);
        requireName("alias", alias);
        return getJson(aliasKey(model, alias)).map(stored -> {
            try {
                return new AliasRef(RegistryJson.read(stored.bytes(), AliasRecord.class), stored.etag());
            } catch (IOException e) {
                throw new RegistryException("alias '" + alias + "' of '" + model + "' is not readable: " + e.getMessage(), e);
            }
        });
    }

    /** Every stored alias of a model. */
    public List<AliasRef> aliases(String model) {
        String prefix = model + "/aliases/";
        return store.list(prefix).stream().filter(k -> k.endsWith(".json"))
                .map(k -> k.substring(prefix.length(), k.length() - ".json".length()))
                .filter(a -> NAME.matcher(a).matches())
                .map(a -> alias(model, a)).flatMap(Optional::stream).toList();
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
            return write(model, alias, version, List.of(), null, 0, reason);
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
        return write(model, alias, version, history, current, reason);
    }

    private AliasRef write(String model, String alias, long version, List<Long> history, AliasRef current,
                           String reason) {
        return write(model, alias, version, history, current.etag(), current.record().generation(), reason);
    }

    /** Creates the alias (no ETag) or replaces the one with {@code expectedEtag}, holding its move ticket. */
    private AliasRef write(String model, String alias, long version, List<Long> history, String expectedEtag,
                           long currentGeneration, String reason) {
        long generation = currentGeneration + 1;
        List<Long> bounded = history.subList(0, Math.min(history.size(), settings.aliasHistory()));
        AliasRecord record = new AliasRecord(alias, model, version, bounded, clock.instant(), reason, generation);
        byte[] json = RegistryJson.write(record);
        try {
            if (expectedEtag == null) {
                return new AliasRef(record, store.putIfAbsent(aliasKey(model, alias), json, JSON));
            }
            String ticket = claimMoveTicket(model, alias, generation, expectedEtag);
            String etag;
            try {
                etag = store.putIfMatch(aliasKey(model, alias), json, JSON, expectedEtag);
            } catch (PreconditionFailedException e) {
                // Our read was stale (S3Proxy can answer a GET with the new body and the old ETag while a move
                // lands): give the generation back, or every mover of it waits for the ticket to go stale.
                releaseTicket(ticket);
                throw e;
            }
            deleteTickets(model, alias, currentGeneration);
            return new AliasRef(record, etag);
        } catch (PreconditionFailedException e) {
            throw new AliasConflictException(model, alias);
        }
    }

    /**
     * Makes this registry the one mover of {@code generation} and answers the ticket's key, or throws
     * {@link AliasConflictException}.
     */
    private String claimMoveTicket(String model, String alias, long generation, String expectedEtag) {
        byte[] ticket = RegistryJson.write(Map.of("mover", publisherId, "at", clock.instant().toString()));
        for (int attempt = 0; attempt < MAX_TICKET_ATTEMPTS; attempt++) {
            String key = ticketKey(model, alias, generation, attempt);
            try {
                store.putIfAbsent(key, ticket, JSON);
                return key;
            } catch (PreconditionFailedException e) {
                // Another mover holds this generation. Only if it died (stale ticket, alias unchanged) go on.
                boolean aliasUnchanged = alias(model, alias).map(a -> a.etag().equals(expectedEtag)).orElse(false);
                if (!aliasUnchanged || !isStaleTicket(key)) {
                    throw new AliasConflictException(model, alias);
                }
            }
        }
        throw new AliasConflictException(model, alias);
    }

    private boolean isStaleTicket(String key) {
        return getJson(key).map(stored -> {
            try {
                Instant at = Instant.parse((String) RegistryJson.read(stored.bytes(), Map.class).get("at"));
                return at.plusSeconds(STALE_TICKET_SECONDS).isBefore(clock.instant());
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }).orElse(true);
    }

    private void releaseTicket(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            // Best effort: a ticket left behind goes stale after STALE_TICKET_SECONDS.
        }
    }

    private void deleteTickets(String model, String alias, long generation) {
        if (generation < 1) {
            return;
        }
        // Tickets of past generations are never contended again; a failure here leaves a small file behind.
        try {
            for (String key : store.list(model + "/alias-moves/" + alias + "/" + generation + "-")) {
                store.delete(key);
            }
        } catch (RuntimeException e) {
            // Best effort.
        }
    }

    private static String ticketKey(String model, String alias, long generation, int attempt) {
        return model + "/alias-moves/" + alias + "/" + generation + "-" + attempt + ".json";
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
        return write(model, alias, previous, history.subList(1, history.size()), current,
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
        if (keepLast < 1) {
            throw new IllegalArgumentException("keep at least one version, not " + keepLast);
        }
        requireName("model", model);
        TreeSet<Long> published = versionNumbers(model, true);
        TreeSet<Long> keep = new TreeSet<>(published.descendingSet().stream().limit(keepLast).toList());
        for (AliasRef alias : aliases(model)) {
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
        for (long number : versionNumbers(model, false)) {
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
        Optional<StoredObject> claim = getJson(versionDir(model, number) + CLAIM);
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

    // ---------------------------------------------------------------- helpers

    /** Version numbers under versions/: all that were used, or only those with a manifest. */
    private TreeSet<Long> versionNumbers(String model, boolean publishedOnly) {
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

    private Optional<StoredObject> getJson(String key) {
        try {
            return store.get(key, MAX_JSON_BYTES);
        } catch (ObjectTooLargeException e) {
            throw new RegistryException(key + " is " + e.size() + " bytes: too large for a registry JSON file", e);
        }
    }

    private static String versionDir(String model, long version) {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1, not " + version);
        }
        return model + "/versions/" + version + "/";
    }

    private static String aliasKey(String model, String alias) {
        return model + "/aliases/" + alias + ".json";
    }

    private static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' must be letters, digits, '.', '_' or '-'"
                    + " (up to 128), starting with a letter or digit");
        }
    }
}

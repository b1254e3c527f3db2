package dev.freshet.registry;

import static dev.freshet.registry.RegistryLayout.BINARY;
import static dev.freshet.registry.RegistryLayout.CLAIM;
import static dev.freshet.registry.RegistryLayout.JSON;
import static dev.freshet.registry.RegistryLayout.MANIFEST;
import static dev.freshet.registry.RegistryLayout.MAX_JSON_BYTES;
import static dev.freshet.registry.RegistryLayout.MODEL;
import static dev.freshet.registry.RegistryLayout.STATE;
import static dev.freshet.registry.RegistryLayout.WRITE_CHECKS;
import static dev.freshet.registry.RegistryLayout.requireName;
import static dev.freshet.registry.RegistryLayout.versionDir;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.PreconditionFailedException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tribuo.Tribuo;

/**
 * Writes new versions: claims the next free number with a conditional write, writes the artifacts, then the
 * manifest. Two publishers never own the same number; one that dies half-way leaves a number nobody sees.
 */
final class VersionWriter {

    private static final int MAX_CLAIM_ATTEMPTS = 1_000;

    private final RegistryLayout layout;
    private final ObjectStore store;
    private final RegistrySettings settings;
    private final Clock clock;
    private final String publisherId;
    /** Last number this instance claimed per model: the next claim starts there instead of listing again. */
    private final Map<String, Long> lastClaimed = new ConcurrentHashMap<>();

    VersionWriter(RegistryLayout layout, RegistrySettings settings, Clock clock, String publisherId) {
        this.layout = layout;
        this.store = layout.store();
        this.settings = settings;
        this.clock = clock;
        this.publisherId = publisherId;
    }

    /** See {@link ModelRegistry#publish}. */
    Manifest publish(String model, byte[] artifact, byte[] trainingState, ManifestDraft draft) {
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

    /** See {@link ModelRegistry#checkWritable}. */
    void checkWritable(String model) {
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
        return layout.versionNumbers(model, false).stream().mapToLong(Long::longValue).max().orElse(0);
    }
}

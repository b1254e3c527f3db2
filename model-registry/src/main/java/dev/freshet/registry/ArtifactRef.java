package dev.freshet.registry;

/**
 * A stored file of a version, as its manifest describes it.
 *
 * @param key    object key
 * @param size   size in bytes
 * @param sha256 SHA-256 of the content, lower-case hex
 * @param format what the bytes are, e.g. {@code tribuo-protobuf}
 */
public record ArtifactRef(String key, long size, String sha256, String format) {

    public static final String TRIBUO_PROTOBUF = "tribuo-protobuf";
    public static final String TRAINING_STATE = "freshet-training-state-protobuf";
}

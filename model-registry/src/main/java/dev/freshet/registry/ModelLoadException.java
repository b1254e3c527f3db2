package dev.freshet.registry;

/**
 * A version that cannot be loaded safely. Nothing of it was parsed beyond the check that failed; whoever
 * asked keeps serving what it had.
 */
public class ModelLoadException extends RegistryException {

    /** Which check failed. */
    public enum Reason {
        /** The manifest is missing fields or cannot be read. */
        INVALID_MANIFEST,
        /** The artifact is absent though the manifest names it. */
        ARTIFACT_MISSING,
        /** The artifact is over the configured size limit. */
        TOO_LARGE,
        /** The artifact's size differs from the manifest's (e.g. truncated). */
        SIZE_MISMATCH,
        /** The artifact's SHA-256 differs from the manifest's (e.g. a flipped byte). */
        CHECKSUM_MISMATCH,
        /** A Java-serialized stream: refused without parsing. */
        JAVA_SERIALIZATION,
        /** Not a Tribuo protobuf model, or a model class not on the allow-list. */
        NOT_A_MODEL,
        /** A Tribuo model of another output type. */
        WRONG_OUTPUT_TYPE
    }

    private final Reason reason;

    public ModelLoadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModelLoadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

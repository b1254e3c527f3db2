package dev.freshet.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.protos.core.ModelProto;

/**
 * Turns stored bytes into a model only after every check passed, cheapest and safest first: size, SHA-256,
 * the Java-serialization magic, protobuf structure, the model class allow-list (before Tribuo's loader
 * runs {@code Class.forName} on a name from the file), and finally the output type.
 */
final class ArtifactVerifier {

    /** The first two bytes of every Java serialization stream. */
    private static final byte[] JAVA_SERIALIZATION_MAGIC = {(byte) 0xAC, (byte) 0xED};

    private ArtifactVerifier() {}

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isJavaSerialized(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == JAVA_SERIALIZATION_MAGIC[0] && bytes[1] == JAVA_SERIALIZATION_MAGIC[1];
    }

    /** Checks {@code bytes} against what the manifest promised. */
    static void checkIntegrity(byte[] bytes, ArtifactRef ref, String what) {
        if (bytes.length != ref.size()) {
            throw new ModelLoadException(ModelLoadException.Reason.SIZE_MISMATCH, what + " is " + bytes.length
                    + " bytes but its manifest says " + ref.size() + " (truncated or replaced)");
        }
        String actual = sha256(bytes);
        if (!actual.equals(ref.sha256())) {
            throw new ModelLoadException(ModelLoadException.Reason.CHECKSUM_MISMATCH, what + " has SHA-256 " + actual
                    + " but its manifest says " + ref.sha256() + " (corrupted or replaced)");
        }
    }

    static <T extends Output<T>> Model<T> parse(byte[] bytes, Class<T> outputType, RegistrySettings settings,
                                                String what) {
        if (isJavaSerialized(bytes)) {
            throw new ModelLoadException(ModelLoadException.Reason.JAVA_SERIALIZATION, what
                    + " is a Java-serialized stream (starts with AC ED); only Tribuo protobuf models are loaded");
        }
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_A_MODEL, what
                    + " is not a Tribuo protobuf model: " + e.getMessage(), e);
        }
        if (!settings.allowedModelClasses().contains(proto.getClassName())) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_A_MODEL, what + " names model class '"
                    + proto.getClassName() + "', which is not among the allowed " + settings.allowedModelClasses());
        }
        Model<?> model;
        try {
            model = Model.deserialize(proto);
        } catch (RuntimeException e) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_A_MODEL, what + " could not be read as a "
                    + proto.getClassName() + ": " + e.getMessage(), e);
        }
        if (!model.validate(outputType)) {
            throw new ModelLoadException(ModelLoadException.Reason.WRONG_OUTPUT_TYPE, what + " predicts "
                    + outputName(model) + ", not " + outputType.getSimpleName());
        }
        return model.castModel(outputType);
    }

    private static String outputName(Model<?> model) {
        return model.getOutputIDInfo().getDomain().stream().findFirst()
                .map(o -> o.getClass().getSimpleName()).orElse("an unknown output type");
    }
}

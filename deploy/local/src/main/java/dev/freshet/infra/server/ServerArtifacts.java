package dev.freshet.infra.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The jars of the server processes. The build resolves them from Maven Central into the local
 * repository and lists them in classpath files packed with this module.
 */
public final class ServerArtifacts {

    private ServerArtifacts() {}

    /** The Kafka broker's classpath. */
    public static String kafkaClasspath() {
        return classpath("kafka-server.classpath");
    }

    /** The S3Proxy fat jar. */
    public static String s3ProxyJar() {
        return classpath("s3proxy.classpath");
    }

    /**
     * System property of extra JVM options for the server JVMs, appended to their own. The test suite sets
     * {@code -XX:TieredStopAtLevel=1}: its throw-away servers start some seconds sooner and never run long
     * enough for the optimising compiler to pay off.
     */
    public static final String JVM_OPTIONS_PROPERTY = "freshet.infra.server-jvm-args";

    /** The running JVM's {@code java}, used for the server JVMs. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The start of a server JVM's command line: {@code java}, {@code options}, then the extra options. */
    public static List<String> javaCommand(String... options) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(List.of(options));
        String extra = System.getProperty(JVM_OPTIONS_PROPERTY, "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        return command;
    }

    private static String classpath(String resource) {
        try (InputStream in = ServerArtifacts.class.getResourceAsStream("/dev/freshet/infra/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath file " + resource
                        + " is missing: build the launcher first (make build)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> missing = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                    .filter(entry -> !Files.exists(Path.of(entry))).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("server jars are missing from the local Maven repository "
                        + missing + ": rebuild the launcher (make build) to download them");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.freshet.infra;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Where and how the local servers run: one folder for data, logs and PID files, the ports, the
 * credentials, and whether the servers outlive the JVM that started them.
 *
 * <p>A port of {@code 0} means "pick a free one at start", which is what tests use.
 *
 * @param baseDir             folder holding each server's data, log and PID file
 * @param kafkaPort           Kafka client listener
 * @param kafkaControllerPort Kafka KRaft controller listener
 * @param s3Port              S3 API (S3Proxy)
 * @param postgresPort        PostgreSQL
 * @param s3AccessKey         S3 access key the server accepts
 * @param s3SecretKey         S3 secret key the server accepts
 * @param database            PostgreSQL database created at first start
 * @param dbUser              PostgreSQL superuser created at first start
 * @param dbPassword          its password (scram-sha-256 over TCP)
 * @param durable             keep fsync on; off only for throw-away test servers
 * @param detached            start servers in their own session so they outlive this JVM
 */
public record InfraSettings(
        Path baseDir,
        int kafkaPort,
        int kafkaControllerPort,
        int s3Port,
        int postgresPort,
        String s3AccessKey,
        String s3SecretKey,
        String database,
        String dbUser,
        String dbPassword,
        boolean durable,
        boolean detached) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_POSTGRES_PORT = 5432;

    public InfraSettings {
        Objects.requireNonNull(baseDir, "baseDir");
        baseDir = baseDir.toAbsolutePath().normalize();
        for (int port : new int[] {kafkaPort, kafkaControllerPort, s3Port, postgresPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** Throw-away servers for one test JVM: free ports, random credentials, no fsync, attached. */
    public static InfraSettings forTests(Path baseDir) {
        String secret = UUID.randomUUID().toString();
        return new InfraSettings(baseDir, 0, 0, 0, 0, "test-" + secret.substring(0, 8), secret,
                "freshet", "freshet", "pw-" + secret.substring(24), false, false);
    }

    public InfraSettings withBaseDir(Path dir) {
        return new InfraSettings(dir, kafkaPort, kafkaControllerPort, s3Port, postgresPort, s3AccessKey,
                s3SecretKey, database, dbUser, dbPassword, durable, detached);
    }

    @Override
    public String toString() {
        // Credentials stay out of logs.
        return "InfraSettings[baseDir=" + baseDir + ", kafka=" + kafkaPort + "/" + kafkaControllerPort
                + ", s3=" + s3Port + ", postgres=" + postgresPort + ", durable=" + durable
                + ", detached=" + detached + "]";
    }
}

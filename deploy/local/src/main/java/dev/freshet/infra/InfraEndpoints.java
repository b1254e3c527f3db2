package dev.freshet.infra;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach the running servers. Written to {@code infra.env} by `make infra-up` so that other
 * make targets and services can pick it up, and handed to tests by the test infrastructure.
 */
public record InfraEndpoints(
        String kafkaBootstrapServers,
        URI s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        String jdbcUrl,
        String dbUser,
        String dbPassword) {

    /** The region S3Proxy reports; any name works for a single local server. */
    public static final String LOCAL_S3_REGION = "us-east-1";

    public String s3Host() {
        return s3Endpoint.getHost();
    }

    public int s3Port() {
        return s3Endpoint.getPort();
    }

    /** As environment variables, the names the services read. */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("S3_ENDPOINT", s3Endpoint.toString());
        env.put("S3_ACCESS_KEY", s3AccessKey);
        env.put("S3_SECRET_KEY", s3SecretKey);
        env.put("S3_REGION", s3Region);
        env.put("DB_JDBC_URL", jdbcUrl);
        env.put("DB_USER", dbUser);
        env.put("DB_PASSWORD", dbPassword);
        return env;
    }

    @Override
    public String toString() {
        return "InfraEndpoints[kafka=" + kafkaBootstrapServers + ", s3=" + s3Endpoint + ", jdbc=" + jdbcUrl + "]";
    }
}

package dev.freshet.infra.server;

import dev.freshet.infra.InfraEndpoints;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An S3-compatible server (S3Proxy over the local filesystem) speaking the API the MinIO client
 * uses, conditional writes included. Objects live as files in {@code s3/data}.
 */
public final class S3ProxyServer extends LocalServer {

    private static final String LOGBACK = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="out"/></root>
            </configuration>
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final int port;
    private final String accessKey;
    private final String secretKey;

    public S3ProxyServer(Path baseDir, int port, String accessKey, String secretKey) {
        super("s3", baseDir);
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    public String title() {
        return "S3 (S3Proxy)";
    }

    @Override
    public List<PortBinding> ports() {
        return List.of(new PortBinding("S3 API", port, "S3_PORT"));
    }

    public URI endpointUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String address() {
        return endpointUri().toString();
    }

    @Override
    public Map<String, String> endpoint() {
        return Map.of("S3_ENDPOINT", endpointUri().toString(), "S3_ACCESS_KEY", accessKey,
                "S3_SECRET_KEY", secretKey, "S3_REGION", InfraEndpoints.LOCAL_S3_REGION);
    }

    private Path config() {
        return dir().resolve("s3proxy.conf");
    }

    @Override
    public void prepare() throws IOException {
        Files.createDirectories(dir().resolve("data"));
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", endpointUri().toString());
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", accessKey);
        props.setProperty("s3proxy.credential", secretKey);
        props.setProperty("jclouds.provider", "filesystem-nio2");
        props.setProperty("jclouds.filesystem.basedir", dir().resolve("data").toString());
        Files.deleteIfExists(config());
        Files.createFile(config(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(config())) {
            props.store(out, "Freshet local S3 server; rewritten at every start");
        }
        Files.writeString(dir().resolve("logback.xml"), LOGBACK);
    }

    @Override
    public List<String> command() {
        List<String> command = ServerArtifacts.javaCommand("-Xms64m", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-Dlogback.configurationFile=" + dir().resolve("logback.xml"));
        command.addAll(List.of("-jar", ServerArtifacts.s3ProxyJar(), "--properties", config().toString()));
        return command;
    }

    @Override
    public boolean isReady() {
        if (!Ports.isListening(port)) {
            return false;
        }
        // Any HTTP answer (403 to an anonymous request) means the API is up.
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(endpointUri()).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}

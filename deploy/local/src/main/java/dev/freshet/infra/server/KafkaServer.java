package dev.freshet.infra.server;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker in KRaft mode: one combined broker and controller node, data in {@code kafka/data}.
 * Optionally a second client listener that needs SASL/PLAIN, to check clients configured for SASL against.
 */
public final class KafkaServer extends LocalServer {

    /**
     * A SASL_PLAINTEXT client listener with the PLAIN mechanism.
     *
     * @param users user name to password, the only ones let in
     */
    public record SaslPlainListener(int port, Map<String, String> users) {}

    private final int port;
    private final int controllerPort;
    private final SaslPlainListener sasl;

    public KafkaServer(Path baseDir, int port, int controllerPort) {
        this(baseDir, port, controllerPort, null);
    }

    /** @param sasl a SASL/PLAIN listener beside the plain one, or null */
    public KafkaServer(Path baseDir, int port, int controllerPort, SaslPlainListener sasl) {
        super("kafka", baseDir);
        this.port = port;
        this.controllerPort = controllerPort;
        this.sasl = sasl;
    }

    /** Bootstrap servers of the SASL listener. */
    public String saslBootstrapServers() {
        if (sasl == null) {
            throw new IllegalStateException("this broker has no SASL listener");
        }
        return "127.0.0.1:" + sasl.port();
    }

    @Override
    public String title() {
        return "Kafka (KRaft)";
    }

    @Override
    public List<PortBinding> ports() {
        List<PortBinding> ports = new ArrayList<>(List.of(new PortBinding("Kafka client listener", port,
                "KAFKA_PORT"), new PortBinding("Kafka controller listener", controllerPort, "KAFKA_CONTROLLER_PORT")));
        if (sasl != null) {
            ports.add(new PortBinding("Kafka SASL client listener", sasl.port(), "KAFKA_SASL_PORT"));
        }
        return ports;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String address() {
        return bootstrapServers();
    }

    @Override
    public Map<String, String> endpoint() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    }

    private Path config() {
        return dir().resolve("server.properties");
    }

    private Path dataDir() {
        return dir().resolve("data");
    }

    @Override
    public void prepare() throws IOException, InterruptedException {
        Files.createDirectories(dataDir());
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        String listeners = "PLAINTEXT://127.0.0.1:" + port;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (sasl != null) {
            listeners += ",SASL_PLAINTEXT://127.0.0.1:" + sasl.port();
            protocols += ",SASL_PLAINTEXT:SASL_PLAINTEXT";
            props.setProperty("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            sasl.users().forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                    .append('"'));
            props.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        }
        props.setProperty("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", listeners);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", protocols);
        props.setProperty("log.dirs", dataDir().toString());
        // One node: internal topics cannot have more replicas than that.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        // A lone consumer should not wait 3 s for company before its first assignment.
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        try (Writer out = Files.newBufferedWriter(config())) {
            props.store(out, "Freshet local Kafka broker; rewritten at every start");
        }
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            List<String> format = ServerArtifacts.javaCommand("-Xmx256m");
            format.addAll(List.of("-cp", ServerArtifacts.kafkaClasspath(), "kafka.tools.StorageTool", "format",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", config().toString(), "--standalone"));
            ServerProcesses.runToCompletion(format, dir(), logFile(), Duration.ofSeconds(60));
        }
    }

    @Override
    public List<String> command() {
        List<String> command = ServerArtifacts.javaCommand("-Xms128m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=warn");
        command.addAll(List.of("-cp", ServerArtifacts.kafkaClasspath(), "kafka.Kafka", config().toString()));
        return command;
    }

    @Override
    public boolean isReady() {
        if (!Ports.isListening(port)) {
            return false;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}

package dev.freshet.pipeline.publish;

import dev.freshet.contract.Topics;
import dev.freshet.pipeline.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the pipeline's topics with the configured partitions when they are absent, waiting for Kafka to
 * come up (with a log line per attempt) rather than failing at once.
 */
public final class TopicCreator {

    private static final Logger LOG = Logger.getLogger(TopicCreator.class);
    /** The topics this service writes. */
    public static final List<String> TOPICS = List.of(Topics.FEATURES, Topics.EXAMPLES, Topics.EXAMPLES + ".dlq",
            Topics.TEST_EXAMPLES);

    private TopicCreator() {}

    /**
     * Creates the missing topics, waiting for Kafka up to the configured kafka-wait. A loop of its own rather than
     * a fault-tolerance {@code @Retry}: a static step of the start-up, which no interceptor reaches.
     *
     * @param kafka the service's Kafka client settings (every {@code kafka.*} key: servers, and SASL/TLS when
     *              configured)
     */
    public static void createTopics(Map<String, Object> kafka, PipelineConfig.Topics config) {
        Instant deadline = Instant.now().plus(config.kafkaWait());
        Duration delay = Duration.ofMillis(500);
        Object bootstrapServers = kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, Object> settings = new java.util.HashMap<>(kafka);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        while (true) {
            try (Admin admin = Admin.create(settings)) {
                Set<String> existing = admin.listTopics().names().get(8, TimeUnit.SECONDS);
                List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                        .map(t -> new NewTopic(t, config.partitions(), config.replicationFactor())).toList();
                if (!missing.isEmpty()) {
                    try {
                        admin.createTopics(missing).all().get(8, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                    LOG.infof("Created topics %s with %d partitions", missing.stream().map(NewTopic::name).toList(),
                            config.partitions());
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                            + config.kafkaWait() + ": " + e.getMessage(), e);
                }
                LOG.warnf("Kafka at %s is not reachable yet (%s); retrying in %d ms", bootstrapServers,
                        e.getClass().getSimpleName(), delay.toMillis());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", interrupted);
                }
                delay = delay.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : delay.multipliedBy(2);
            }
        }
    }
}

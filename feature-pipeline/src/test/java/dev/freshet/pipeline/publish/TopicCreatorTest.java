package dev.freshet.pipeline.publish;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.infra.server.Ports;
import dev.freshet.pipeline.config.PipelineConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Kafka not up at start: the pipeline keeps trying, then gives up with a message naming the broker. */
class TopicCreatorTest {

    @Test
    void anAbsentBrokerIsRetriedThenReportedClearly() {
        int port = Ports.freePort();
        PipelineConfig.Topics config = new PipelineConfig.Topics() {
            @Override
            public int partitions() {
                return 3;
            }

            @Override
            public short replicationFactor() {
                return 1;
            }

            @Override
            public Duration kafkaWait() {
                return Duration.ofSeconds(3);
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> TopicCreator.createTopics(java.util.Map.of("bootstrap.servers", "127.0.0.1:" + port), config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("did not answer within PT3S");
        org.assertj.core.api.Assertions.assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
}

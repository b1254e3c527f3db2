package dev.freshet.training.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.drift.DriftPolicy;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.training.config.TrainingConfig;
import dev.freshet.training.loop.DriftNews;
import dev.freshet.training.loop.TrainedModel;
import dev.freshet.training.publish.ModelPublisher;
import dev.freshet.training.startup.TrainingStartup.StartRefusedException;
import dev.freshet.training.status.TrainingMonitor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where a trainer starts reading, against Kafka's {@link MockConsumer}: each partition from the lowest offset a model
 * continues from, and a refusal — nothing reset — when that offset is gone from the log or past its end. The
 * real-server side is in {@code TrainingPipelineIT} and {@code MissingOffsetsIT}.
 */
class TrainingStartupTest {

    private static final String TOPIC = "examples";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final TrainingStartup startup = startup();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");

    private TrainingStartup startup() {
        TrainingConfig config = new SmallRyeConfigBuilder().withMapping(TrainingConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "30s", "3653d"
                .withDefaultValue("freshet.training.topic", TOPIC)
                .build().getConfigMapping(TrainingConfig.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TrainingMonitor monitor = new TrainingMonitor(config, meters, new DriftNews(null), "none", model -> null);
        ModelPublisher publisher = new ModelPublisher(config, null, null, null, meters);
        return new TrainingStartup(config, null, null, null, publisher, monitor, new DriftNews(null),
                DriftPolicy.defaults(), Map.of("bootstrap.servers", "127.0.0.1:1"), running::get);
    }

    private static TrainedModel continuingAt(Map<Integer, Long> offsets) {
        return new TrainedModel("m", LearnerSettings.linear(), OnlineLearners.create(LearnerSettings.linear()), offsets,
                1_000, 3L, 100, Long.MAX_VALUE, DriftPolicy.defaults());
    }

    private void log(TopicPartition partition, long beginning, long end) {
        consumer.updateBeginningOffsets(Map.of(partition, beginning));
        consumer.updateEndOffsets(Map.of(partition, end));
    }

    @Test
    void eachPartitionIsReadFromTheLowestOffsetAModelContinuesFrom() {
        consumer.assign(List.of(P0, P1));
        log(P0, 10, 20);
        log(P1, 0, 9);

        startup.seek(consumer, List.of(P0, P1), List.of(continuingAt(Map.of(0, 15L, 1, 3L)),
                continuingAt(Map.of(0, 12L, 1, 9L))));

        assertThat(consumer.position(P0)).isEqualTo(12);
        assertThat(consumer.position(P1)).isEqualTo(3);
    }

    @Test
    void anOffsetGoneFromTheLogIsRefusedAndNothingIsReset() {
        consumer.assign(List.of(P0));
        log(P0, 10, 20);

        assertThatThrownBy(() -> startup.seek(consumer, List.of(P0), List.of(continuingAt(Map.of(0, 5L)))))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("offset 5 of examples-0 is gone from Kafka (the log now starts at 10)")
                .hasMessageContaining("examples 5-9 were deleted").hasMessageContaining("Nothing was reset");
    }

    @Test
    void anOffsetPastTheEndOfTheLogIsRefused() {
        consumer.assign(List.of(P0));
        log(P0, 0, 20);

        assertThatThrownBy(() -> startup.seek(consumer, List.of(P0), List.of(continuingAt(Map.of(0, 50L)))))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("continue examples-0 at offset 50 but the log ends at 20")
                .hasMessageContaining("was the topic recreated?");
    }

    @Test
    void thePartitionsAreAssignedInOrderOnceTheTopicExists() throws InterruptedException {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 1, node, null, null),
                new PartitionInfo(TOPIC, 0, node, null, null)));

        assertThat(startup.awaitPartitions(consumer)).containsExactly(P0, P1);
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void waitingForTheTopicEndsWhenTheTrainerStops() {
        running.set(false);

        assertThatThrownBy(() -> startup.awaitPartitions(consumer)).isInstanceOf(InterruptedException.class);
    }
}

package dev.freshet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.contract.Topics;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.StoredExample;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.pipeline.source.SourceRunner;
import dev.freshet.testinfra.FreshetInfraTestResource;
import dev.freshet.testinfra.InjectFreshetInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The csv source through Kafka: the breast-cancer training rows end in the feature store as examples, the
 * test rows with their labels on {@code freshet.test-examples} only, and no row in both.
 */
@QuarkusTest
@TestProfile(CsvSourceProfile.class)
@WithTestResource(FreshetInfraTestResource.class)
class CsvSourceIT {

    @InjectFreshetInfra
    InfraEndpoints endpoints;

    @Inject
    FeatureStore store;

    @Inject
    SourceRunner source;

    @Test
    void trainingRowsAreStoredAsExamplesAndTestRowsOnlyReachTheTestTopic() {
        await().atMost(Duration.ofSeconds(60)).until(source::finished);
        assertThat(source.examplesSent()).isEqualTo(410);
        assertThat(source.heldOutSent()).isEqualTo(273);
        assertThat(source.featuresSent()).isZero();
        assertThat(source.sourceCounters()).containsEntry("rows_skipped_missing", 16L);
        await().atMost(Duration.ofSeconds(60)).until(() -> store.count("breast-cancer") == 410);

        Set<String> trained = new HashSet<>();
        for (StoredExample e : store.readHistory("breast-cancer")) {
            trained.add(e.example().eventId());
        }
        List<LabelledExampleMessage> held = TopicReader.read(endpoints.kafkaBootstrapServers(), Topics.TEST_EXAMPLES,
                TopicReader.ofFeatureSet("breast-cancer"), 273, Duration.ofSeconds(30)).stream()
                .map(r -> Messages.fromJson(r.value(), LabelledExampleMessage.class)).toList();
        assertThat(held).hasSize(273).noneMatch(f -> trained.contains(f.eventId()))
                .allSatisfy(m -> assertThat(m.label()).isIn("2", "4"));
        assertThat(trained).hasSize(410);
    }
}

package dev.freshet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.freshet.featurestore.FeatureStore;
import dev.freshet.featurestore.StoredExample;
import dev.freshet.pipeline.source.SourceRunner;
import dev.freshet.testinfra.FreshetInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The crypto source on simulated trades through Kafka into the store: every candle's example is labelled
 * exactly {@code horizon} candles after its features, and only the last {@code horizon} candles of each
 * symbol are still waiting for their label when the source stops.
 */
@QuarkusTest
@TestProfile(CryptoSourceProfile.class)
@WithTestResource(FreshetInfraTestResource.class)
class CryptoSourceIT {

    @Inject
    FeatureStore store;

    @Inject
    SourceRunner source;

    @Test
    void examplesTrailTheirFeaturesByTheHorizonAndAllAreStored() {
        await().atMost(Duration.ofSeconds(60)).until(source::finished);
        long examples = source.examplesSent();
        assertThat(examples).isGreaterThan(100);
        assertThat(source.featuresSent() - examples)
                .isEqualTo((long) CryptoSourceProfile.SYMBOLS * CryptoSourceProfile.HORIZON);
        await().atMost(Duration.ofSeconds(60)).until(() -> store.count("crypto") == examples);

        List<StoredExample> history = store.readHistory("crypto");
        assertThat(history).hasSize((int) examples).allSatisfy(e -> {
            assertThat(Duration.between(e.example().eventTime(), e.example().labelTime()))
                    .isEqualTo(Duration.ofMinutes(CryptoSourceProfile.HORIZON));
            assertThat(e.example().label()).isIn("up", "down");
            assertThat(e.example().entityId()).isIn("BTC/USD", "ETH/USD");
        });
    }
}

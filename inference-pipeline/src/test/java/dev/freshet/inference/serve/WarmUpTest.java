package dev.freshet.inference.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many requests the warm-up sends for a feature set's width. */
class WarmUpTest {

    @Test
    void narrowFeatureSetsGetEveryRequestWideOnesAboutAsManyFeatureValues() {
        assertThat(WarmUp.requestsFor(20_000, 13)).isEqualTo(20_000); // the drone stream
        assertThat(WarmUp.requestsFor(20_000, WarmUp.REFERENCE_FEATURES)).isEqualTo(20_000);
        assertThat(WarmUp.requestsFor(20_000, 784)).isEqualTo(20_000 * 20 / 784); // 510 images
        assertThat(WarmUp.requestsFor(20_000, 10_000)).isEqualTo(WarmUp.MIN_REQUESTS);
        assertThat(WarmUp.requestsFor(100, 10_000)).as("never more than configured").isEqualTo(100);
    }
}

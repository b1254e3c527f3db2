package dev.freshet.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RollingOutcomesTest {

    @Test
    void accuracyCountsAnswersThatDidNotAbstainAndCoverageTheShareOfThem() {
        RollingOutcomes window = new RollingOutcomes(4);
        assertThat(window.accuracy()).isNaN();
        assertThat(window.coverage()).isNaN();
        window.add(false, true);
        window.add(false, false);
        window.add(true, true); // abstained: right or wrong does not count
        assertThat(window.accuracy()).isEqualTo(0.5);
        assertThat(window.coverage()).isEqualTo(2.0 / 3);
    }

    @Test
    void theOldestOutcomeLeavesWhenTheWindowIsFull() {
        RollingOutcomes window = new RollingOutcomes(3);
        window.add(false, false);
        window.add(false, true);
        window.add(false, true);
        assertThat(window.accuracy()).isEqualTo(2.0 / 3);
        window.add(false, true); // the wrong one leaves
        assertThat(window.accuracy()).isEqualTo(1.0);
        window.add(true, false);
        window.add(true, false);
        window.add(true, false);
        assertThat(window.accuracy()).isNaN();
        assertThat(window.coverage()).isZero();
        assertThat(window.figures(7).labelled()).isEqualTo(7);
        assertThat(window.figures(7).window()).isEqualTo(3);
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new RollingOutcomes(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheEventAndLabelOfAValidExampleAndNothingFromAnythingElse() {
        java.time.Instant now = java.time.Instant.parse("2026-12-06T12:00:00Z");
        dev.freshet.contract.MessageLimits limits = dev.freshet.contract.MessageLimits.DEFAULT;
        String example = "{\"eventId\":\"e1\",\"featureSet\":\"s\",\"schemaVersion\":1,\"entityId\":\"shop\","
                + "\"eventTime\":\"2026-12-06T10:00:00Z\",\"labelTime\":\"2026-12-06T11:00:00Z\",\"features\":{\"x\":1.5},"
                + "\"label\":\"up\"}";
        assertThat(LiveAccuracy.eventAndLabel(bytes(example), limits, now)).containsExactly("e1", "up");
        assertThat(LiveAccuracy.eventAndLabel(null, limits, now)).isNull();
        assertThat(LiveAccuracy.eventAndLabel(bytes("not json"), limits, now)).isNull();
        assertThat(LiveAccuracy.eventAndLabel(bytes("[1,2]"), limits, now)).isNull();
        assertThat(LiveAccuracy.eventAndLabel(bytes("{\"eventId\":\"e1\",\"label\":\"up\"}"), limits, now)).isNull();
        // What the trainer refuses scores nothing here either: a value not finite, a time beyond the limits.
        assertThat(LiveAccuracy.eventAndLabel(bytes(example.replace("1.5", "\"NaN\"")), limits, now)).isNull();
        assertThat(LiveAccuracy.eventAndLabel(bytes(example.replace("2026-12-06T11", "2300-12-06T11")), limits, now)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

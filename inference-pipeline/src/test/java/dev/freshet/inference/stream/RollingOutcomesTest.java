package dev.freshet.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A version's live window, and reading a label for it. */
class RollingOutcomesTest {

    @Test
    void aVersionsFiguresAreItsWindowsAndEveryLabelItGot() {
        // The window itself: OutcomeWindowTest (online-learning).
        RollingOutcomes window = new RollingOutcomes(3);
        for (int i = 0; i < 7; i++) {
            window.add(i % 3 == 0, i % 2 == 0);
        }
        LiveAccuracy.Figures figures = window.figures(7);
        assertThat(figures.labelled()).isEqualTo(7);
        assertThat(figures.window()).isEqualTo(3);
        assertThat(window.accuracy()).isEqualTo(0.5); // the last three: right, wrong, abstained
        assertThat(window.coverage()).isEqualTo(2.0 / 3);
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

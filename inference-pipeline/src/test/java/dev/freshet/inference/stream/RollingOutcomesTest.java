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
    void readsTheEventAndLabelOfAnExampleAndNothingFromAnythingElse() {
        String example = "{\"eventId\":\"e1\",\"features\":{\"x\":1.5,\"y\":[1,2]},\"featureSet\":\"s\",\"label\":\"up\"}";
        assertThat(LiveAccuracy.eventAndLabel(example.getBytes(StandardCharsets.UTF_8))).containsExactly("e1", "up");
        assertThat(LiveAccuracy.eventAndLabel("not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(LiveAccuracy.eventAndLabel("[1,2]".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(LiveAccuracy.eventAndLabel("{\"eventId\":\"e1\",\"label\":3}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(LiveAccuracy.eventAndLabel("{\"eventId\":\"e1\"".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}

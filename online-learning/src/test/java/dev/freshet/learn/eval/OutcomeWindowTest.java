package dev.freshet.learn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rolling window of right, wrong and abstained outcomes. */
class OutcomeWindowTest {

    @Test
    void accuracyCountsTheAnswersAndCoverageTheShareAnswered() {
        OutcomeWindow window = new OutcomeWindow(4);
        assertThat(window.accuracy()).isNaN();
        assertThat(window.coverage()).isNaN();
        window.record(true);
        window.record(false);
        window.record(true, true); // abstained: right or wrong does not count
        assertThat(window.accuracy()).isEqualTo(0.5);
        assertThat(window.coverage()).isEqualTo(2.0 / 3);
        assertThat(window.count()).isEqualTo(3);
    }

    @Test
    void theOldestOutcomeLeavesWhenTheWindowIsFull() {
        OutcomeWindow window = new OutcomeWindow(3);
        window.record(false);
        window.record(true);
        window.record(true);
        assertThat(window.accuracy()).isEqualTo(2.0 / 3);
        window.record(true); // the wrong one leaves
        assertThat(window.accuracy()).isEqualTo(1.0);
        window.record(true, false);
        window.record(true, false);
        window.record(true, false);
        assertThat(window.accuracy()).isNaN();
        assertThat(window.coverage()).isZero();
        assertThat(window.recorded()).isEqualTo(7);
        assertThat(window.count()).isEqualTo(3);
        assertThat(window.capacity()).isEqualTo(3);
    }

    @Test
    void clearingStartsItAgain() {
        OutcomeWindow window = new OutcomeWindow(2);
        window.record(true);
        window.record(false);
        window.clear();
        assertThat(window.accuracy()).isNaN();
        assertThat(window.count()).isZero();
        assertThat(window.recorded()).isZero();
        window.record(true);
        assertThat(window.accuracy()).isEqualTo(1.0);
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new OutcomeWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.freshet.training.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The champion gate and its rolling windows. */
class ChampionGateTest {

    private final ChampionGate gate = new ChampionGate(0.7);

    private static RollingAccuracy window(int size, int right, int wrong) {
        RollingAccuracy w = new RollingAccuracy(size);
        for (int i = 0; i < right; i++) {
            w.record(true);
        }
        for (int i = 0; i < wrong; i++) {
            w.record(false);
        }
        return w;
    }

    @Test
    void aRollingWindowForgetsTheOldest() {
        RollingAccuracy w = window(4, 4, 0);
        assertThat(w.accuracy()).isEqualTo(1.0);
        w.record(false);
        w.record(false);
        assertThat(w.count()).isEqualTo(4);
        assertThat(w.accuracy()).isEqualTo(0.5);
        w.clear();
        assertThat(w.accuracy()).isNaN();
        assertThatThrownBy(() -> new RollingAccuracy(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstChampionNeedsOnlyTheFloor() {
        assertThat(gate.decide(window(10, 8, 2), window(10, 0, 0), false).promote()).isTrue();
        ChampionGate.Decision low = gate.decide(window(10, 6, 4), window(10, 0, 0), false);
        assertThat(low.promote()).isFalse();
        assertThat(low.reason()).contains("below the floor");
        assertThat(gate.decide(window(10, 0, 0), window(10, 0, 0), false).promote()).isFalse();
    }

    @Test
    void aCandidateMustDoAtLeastAsWellAsTheChampionOnTheSameExamples() {
        assertThat(gate.decide(window(10, 9, 1), window(10, 9, 1), true).promote()).isTrue();
        ChampionGate.Decision worse = gate.decide(window(10, 8, 2), window(10, 9, 1), true);
        assertThat(worse.promote()).isFalse();
        assertThat(worse.reason()).contains("below the champion's");
        // A poisoned burst drags the candidate under the floor, whatever the champion does.
        assertThat(gate.decide(window(10, 5, 5), window(10, 3, 7), true).promote()).isFalse();
    }

    @Test
    void aChampionJustLoadedIsNotComparedUntilItsWindowFills() {
        ChampionGate.Decision waiting = gate.decide(window(10, 10, 0), window(10, 2, 0), true);
        assertThat(waiting.promote()).isFalse();
        assertThat(waiting.reason()).contains("waiting to compare");
    }
}

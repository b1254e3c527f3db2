package dev.freshet.training.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.learn.eval.OutcomeWindow;
import org.junit.jupiter.api.Test;

/** The champion gate and its rolling windows. */
class ChampionGateTest {

    private final ChampionGate gate = new ChampionGate(0.7, 100);

    private static final long NO_DRIFT = Long.MAX_VALUE;

    private static OutcomeWindow window(int size, int right, int wrong) {
        OutcomeWindow w = new OutcomeWindow(size);
        for (int i = 0; i < right; i++) {
            w.record(true);
        }
        for (int i = 0; i < wrong; i++) {
            w.record(false);
        }
        return w;
    }

    @Test
    void theFirstChampionNeedsOnlyTheFloor() {
        assertThat(gate.decide(window(10, 8, 2), window(10, 0, 0), false, NO_DRIFT).promote()).isTrue();
        ChampionGate.Decision low = gate.decide(window(10, 6, 4), window(10, 0, 0), false, NO_DRIFT);
        assertThat(low.promote()).isFalse();
        assertThat(low.reason()).contains("below the floor");
        assertThat(gate.decide(window(10, 0, 0), window(10, 0, 0), false, NO_DRIFT).promote()).isFalse();
    }

    @Test
    void aCandidateMustDoAtLeastAsWellAsTheChampionOnTheSameExamples() {
        assertThat(gate.decide(window(10, 9, 1), window(10, 9, 1), true, NO_DRIFT).promote()).isTrue();
        ChampionGate.Decision worse = gate.decide(window(10, 8, 2), window(10, 9, 1), true, NO_DRIFT);
        assertThat(worse.promote()).isFalse();
        assertThat(worse.reason()).contains("below the champion's");
        // Under the floor a candidate stays out while the champion is above it...
        ChampionGate.Decision low = gate.decide(window(10, 6, 4), window(10, 8, 2), true, NO_DRIFT);
        assertThat(low.promote()).isFalse();
        assertThat(low.reason()).contains("below the floor");
        // ...but replaces one that is below it too and does worse on the same examples (a stale model after a drift).
        assertThat(gate.decide(window(10, 5, 5), window(10, 3, 7), true, NO_DRIFT).promote()).isTrue();
        assertThat(gate.decide(window(10, 3, 7), window(10, 5, 5), true, NO_DRIFT).promote()).isFalse();
    }

    @Test
    void aChampionJustLoadedIsNotComparedUntilItsWindowFills() {
        ChampionGate.Decision waiting = gate.decide(window(10, 10, 0), window(10, 2, 0), true, NO_DRIFT);
        assertThat(waiting.promote()).isFalse();
        assertThat(waiting.reason()).contains("waiting to compare");
    }

    @Test
    void afterADriftNoVersionReplacesTheChampionUntilTheHoldIsOver() {
        ChampionGate.Decision held = gate.decide(window(10, 10, 0), window(10, 2, 8), true, 99);
        assertThat(held.promote()).isFalse();
        assertThat(held.reason()).contains("held: drift detected 99 examples ago");
        assertThat(gate.decide(window(10, 10, 0), window(10, 2, 8), true, 100).promote()).isTrue();
        // The first champion is not held: without one nothing serves at all.
        assertThat(gate.decide(window(10, 10, 0), window(10, 0, 0), false, 0).promote()).isTrue();
        assertThat(new ChampionGate(0.7, 0).decide(window(10, 10, 0), window(10, 2, 8), true, 0).promote()).isTrue();
        assertThatThrownBy(() -> new ChampionGate(0.7, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}

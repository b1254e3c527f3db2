package dev.freshet.inference.stream;

import dev.freshet.learn.eval.OutcomeWindow;

/**
 * The last {@code capacity} labelled answers of one model version ({@link OutcomeWindow}), shared between the thread
 * that joins labels and the ones that read figures and meters. Thread-safe.
 */
final class RollingOutcomes {

    private final OutcomeWindow window;

    RollingOutcomes(int capacity) {
        this.window = new OutcomeWindow(capacity);
    }

    synchronized void add(boolean abstained, boolean correct) {
        window.record(abstained, correct);
    }

    /** Share right among the answers in the window that did not abstain; NaN when there is none. */
    synchronized double accuracy() {
        return window.accuracy();
    }

    /** Share of the window that did not abstain; NaN when empty. */
    synchronized double coverage() {
        return window.coverage();
    }

    synchronized LiveAccuracy.Figures figures(long version) {
        return new LiveAccuracy.Figures(version, window.accuracy(), window.coverage(), window.count(),
                window.recorded());
    }
}

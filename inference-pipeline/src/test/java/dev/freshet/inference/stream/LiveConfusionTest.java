package dev.freshet.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The model's own live window: accuracy on answered, coverage, and a confusion matrix that forgets the oldest. */
class LiveConfusionTest {

    @Test
    void countsTrueByAnsweredLabelAbstentionsApartAndForgetsTheOldest() {
        LiveConfusion window = new LiveConfusion(4);
        window.add("busy", "busy", false);
        window.add("busy", "quiet", false);
        window.add("quiet", "quiet", true); // abstained: in the last column, not in the accuracy
        window.add("quiet", "quiet", false);
        LiveAccuracy.ModelFigures f = window.figures();
        assertThat(f.labels()).containsExactly("busy", "quiet");
        assertThat(f.confusion()).isDeepEqualTo(new long[][] {{1, 1, 0}, {0, 1, 1}});
        assertThat(f.accuracy()).isEqualTo(2.0 / 3);
        assertThat(f.coverage()).isEqualTo(3.0 / 4);

        window.add("later", "busy", false); // a new label grows the matrix; the oldest answer leaves
        f = window.figures();
        assertThat(f.labels()).containsExactly("busy", "quiet", "later");
        assertThat(f.confusion()).isDeepEqualTo(new long[][] {{0, 1, 0, 0}, {0, 1, 0, 1}, {1, 0, 0, 0}});
        assertThat(f.window()).isEqualTo(4);
        assertThat(f.labelled()).isEqualTo(5);
        assertThat(f.accuracy()).isEqualTo(1.0 / 3);
        assertThatThrownBy(() -> new LiveConfusion(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

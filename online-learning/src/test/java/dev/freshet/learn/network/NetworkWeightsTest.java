package dev.freshet.learn.network;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a loaded artifact's numbers must be before a network is built from them: a hostile one is refused. */
class NetworkWeightsTest {

    private static NetworkWeights weights(double clip, double mean, double m2, double min, double max,
                                          List<NetworkWeights.LayerWeights> layers, List<String> labels) {
        return new NetworkWeights(List.of("x"), labels, clip, new long[] {3}, new double[] {mean},
                new double[] {m2}, new double[] {min}, new double[] {max}, layers, Activation.RELU, 3);
    }

    private static List<NetworkWeights.LayerWeights> linear() {
        return List.of(new NetworkWeights.LayerWeights(2, 1, new double[] {0.1, 0, -0.1, 0}));
    }

    @Test
    void statisticsALearnerCouldHaveMadeAreAccepted() {
        assertThatCode(() -> weights(5, 0.5, 2, -1, 2, linear(), List.of("a", "b"))).doesNotThrowAnyException();
    }

    @Test
    void scalerStatisticsAndClipThatNoLearnerMakesAreRefused() {
        assertThatThrownBy(() -> weights(5, Double.NaN, 2, -1, 2, linear(), List.of("a", "b")))
                .hasMessageContaining("scaler statistics of 'x'");
        assertThatThrownBy(() -> weights(5, 0.5, -2, -1, 2, linear(), List.of("a", "b")))
                .hasMessageContaining("m2 -2.0");
        assertThatThrownBy(() -> weights(5, 0.5, Double.POSITIVE_INFINITY, -1, 2, linear(), List.of("a", "b")))
                .hasMessageContaining("scaler statistics");
        assertThatThrownBy(() -> weights(5, 0.5, 2, 3, 2, linear(), List.of("a", "b")))
                .hasMessageContaining("min 3.0, max 2.0");
        assertThatThrownBy(() -> weights(0, 0.5, 2, -1, 2, linear(), List.of("a", "b"))).hasMessageContaining("clip");
        assertThatThrownBy(() -> weights(Double.NaN, 0.5, 2, -1, 2, linear(), List.of("a", "b")))
                .hasMessageContaining("clip");
    }

    @Test
    void aLayerWhoseSizeOverflowsAnIntIsRefusedNotReadPastItsEnd() {
        // 65,536 outputs by 65,536 inputs plus a bias: 65,537 x 65,536 wraps to 65,536 in int arithmetic, the length
        // of the weights given, which was accepted.
        int wide = 65_536;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < wide; i++) {
            labels.add("c" + i);
        }
        List<NetworkWeights.LayerWeights> layers = List.of(new NetworkWeights.LayerWeights(wide, 1, new double[2 * wide]),
                new NetworkWeights.LayerWeights(wide, wide, new double[wide]));
        assertThatThrownBy(() -> weights(5, 0.5, 2, -1, 2, layers, labels)).hasMessageContaining("layer shapes do not chain");
        assertThatThrownBy(() -> weights(5, 0.5, 2, -1, 2,
                List.of(new NetworkWeights.LayerWeights(-2, 1, new double[] {})), List.of()))
                .hasMessageContaining("layer shapes");
    }
}

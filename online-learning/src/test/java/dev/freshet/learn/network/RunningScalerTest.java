package dev.freshet.learn.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-loop path for whole examples keeps exactly the statistics and scales of the input-by-input path. */
class RunningScalerTest {

    @Test
    void wholeExamplesInOrderScaleAndObserveBitForBitAsInputByInput() {
        int d = 50;
        RunningScaler byInput = new RunningScaler(3);
        RunningScaler whole = new RunningScaler(3);
        byInput.grow(d);
        whole.grow(d);
        int[] index = new int[d];
        for (int j = 0; j < d; j++) {
            index[j] = j;
        }
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[d];
        double[] scaledByInput = new double[d];
        double[] scaledWhole = new double[d];
        int wholeSteps = 0;
        for (int n = 0; n < 2_000; n++) {
            for (int j = 0; j < d; j++) {
                // Pixels: a constant corner until late, outliers far beyond the clip and the outlier bound, -0.0.
                values[j] = j == 0 && n < 500 ? 0 : switch (random.nextInt(50)) {
                    case 0 -> 1e9 * (random.nextBoolean() ? 1 : -1);
                    case 1 -> -0.0;
                    default -> random.nextInt(256);
                };
            }
            for (int j = 0; j < d; j++) {
                scaledByInput[j] = byInput.standardise(j, values[j]);
            }
            byInput.observeAll(index, values, d);
            if (whole.wholeExamplesOnly(d)) {
                whole.standardiseAll(values, scaledWhole);
                whole.observeAll(values);
                wholeSteps++;
            } else {
                for (int j = 0; j < d; j++) {
                    scaledWhole[j] = whole.standardise(j, values[j]);
                }
                whole.observeAll(index, values, d);
            }
            assertThat(scaledWhole).as("example %d", n).isEqualTo(scaledByInput);
        }
        assertThat(wholeSteps).isEqualTo(1_999); // all but the first, which starts every count
        assertThat(whole.mean).isEqualTo(byInput.mean);
        assertThat(whole.m2).isEqualTo(byInput.m2);
        assertThat(whole.min).isEqualTo(byInput.min);
        assertThat(whole.max).isEqualTo(byInput.max);
        assertThat(whole.count).isEqualTo(byInput.count);
        assertThat(whole.terms().factor()).isEqualTo(byInput.terms().factor());
    }

    @Test
    void anInputObservedAloneOrScaledOtherwiseTakesTheInputByInputPath() {
        RunningScaler scaler = new RunningScaler(3);
        scaler.grow(3);
        scaler.observeAll(new int[] {0, 1, 2}, new double[] {1, 2, 3}, 3);
        assertThat(scaler.wholeExamplesOnly(3)).isTrue();
        scaler.observeAll(new int[] {1}, new double[] {5}, 1);
        assertThat(scaler.wholeExamplesOnly(3)).as("counts differ").isFalse();
        RunningScaler oneHot = new RunningScaler(3);
        oneHot.grow(2);
        oneHot.scaling(1, dev.freshet.learn.encode.InputScaling.AS_IS);
        oneHot.observeAll(new int[] {0, 1}, new double[] {1, 1}, 2);
        assertThat(oneHot.wholeExamplesOnly(2)).as("a one-hot slot is not standardised").isFalse();
    }
}

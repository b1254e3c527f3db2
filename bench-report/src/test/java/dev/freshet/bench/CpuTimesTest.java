package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuTimesTest {

    @Test
    void sharesAreOfAllTimeBetweenTwoReadings() {
        CpuTimes before = new CpuTimes(1_000, 5_000, 100);
        CpuTimes after = new CpuTimes(1_600, 5_300, 200); // 600 busy, 300 idle, 100 stolen of 1,000

        CpuTimes.Share share = after.since(before);

        assertThat(share.busyPercent()).isCloseTo(60, within(1e-9));
        assertThat(share.stealPercent()).isCloseTo(10, within(1e-9));
        assertThat(before.since(before).busyPercent()).isNaN();
    }

    @Test
    void readsThisMachinesCountersWhereThereAreAny() {
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/stat"))) {
            CpuTimes now = CpuTimes.now().orElseThrow();
            assertThat(now.busy() + now.idle()).isPositive();
            assertThat(now.steal()).isNotNegative();
        } else {
            assertThat(CpuTimes.now()).isEmpty();
        }
    }
}

package dev.freshet.training.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numbers as the scanner reads them: bit for bit what the JDK's correctly rounded parser gives. */
class ScanCursorTest {

    @Test
    void decimalsReadOnTheFastPathAreCorrectlyRounded() {
        SplittableRandom random = new SplittableRandom(23);
        int fast = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 5) {
                case 0 -> random.nextInt(256) + ".0"; // pixels
                case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(-8, 9)));
                case 2 -> String.format(Locale.ROOT, "%." + random.nextInt(1, 16) + "f", random.nextDouble() * 1000);
                case 3 -> "-" + random.nextLong(1, 1_000_000_000_000_000L) / Math.pow(10, random.nextInt(0, 19));
                default -> "0." + "0".repeat(random.nextInt(0, 14)) + random.nextInt(1, 100);
            };
            ScanCursor cursor = new ScanCursor(text.getBytes(StandardCharsets.US_ASCII));
            if (!cursor.number() || cursor.pos != text.length()) {
                continue; // not JSON's grammar (e.g. 1.0E-5 is, 1e5 too; NaN is not): the reader's to word
            }
            fast += cursor.fractionDigits > 0 && text.replace("-", "").length() - 1 <= 15 ? 1 : 0;
            assertThat(Double.doubleToRawLongBits(cursor.value())).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
        assertThat(fast).as("most took the fast path").isGreaterThan(100_000);
        for (String edge : new String[] {"-0.0", "0.0", "999999999999999.0", "0.000000000000001", "1.7976931348623157",
            "9007199254740993.0", "123456789012345.6", "1234567890123456.7"}) {
            ScanCursor cursor = new ScanCursor(edge.getBytes(StandardCharsets.US_ASCII));
            assertThat(cursor.number()).isTrue();
            assertThat(Double.doubleToRawLongBits(cursor.value())).as(edge)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(edge)));
        }
    }
}

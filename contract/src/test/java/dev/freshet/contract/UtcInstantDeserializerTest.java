package dev.freshet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast UTC form agrees with java.time; every other form is Jackson's, accepted or refused as before. */
class UtcInstantDeserializerTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-02T08:00:00Z", "2026-11-02T08:00:00.1Z", "2026-11-02T08:00:00.12Z",
        "2026-11-02T08:00:00.123Z", "2026-11-02T08:00:00.123456Z", "2026-11-02T08:00:00.123456789Z",
        "2024-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void theUtcFormMatchesInstantParse(String text) {
        assertThat(UtcInstantDeserializer.parseUtc(text)).isEqualTo(Instant.parse(text));
        assertThat(read(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-02T08:00:00+01:00", "2026-11-02T08:00:00.Z", "2026-11-02T08:00:00.1234567890Z",
        "2026-02-30T08:00:00Z", "2026-11-02T24:00:00Z", "2026-11-02 08:00:00Z", "2026-1a-02T08:00:00Z", "+12026-11-02T08:00:00Z"})
    void otherFormsAreLeftToJackson(String text) {
        assertThat(UtcInstantDeserializer.parseUtc(text)).isNull();
    }

    @Test
    void jacksonStillReadsOffsetsAndEpochSecondsAndRefusesNonsense() {
        assertThat(read("2026-11-02T08:00:00+01:00")).isEqualTo(Instant.parse("2026-11-02T07:00:00Z"));
        assertThat(Messages.MAPPER.convertValue(Map.of("t", 1_700_000_000), Holder.class).t())
                .isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        assertThatThrownBy(() -> read("2026-02-30T08:00:00Z")).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("2026-02-30");
        assertThatThrownBy(() -> read("yesterday")).isInstanceOf(MalformedMessageException.class);
    }

    private static Instant read(String text) {
        return Messages.fromJson(("{\"t\":\"" + text + "\"}").getBytes(), Holder.class).t();
    }

    record Holder(Instant t) {}
}

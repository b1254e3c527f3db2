package dev.freshet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds a consumed message is held to, and dead letters that always fit the producer's limit. */
class MessageLimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final MessageLimits LIMITS = new MessageLimits(Duration.ofDays(365), Duration.ofDays(30));

    private static LabelledExampleMessage example(String eventId, Instant eventTime, Instant labelTime,
                                                  Map<String, Double> features, String label) {
        return new LabelledExampleMessage(eventId, "drone", 1, "shop-1", eventTime, labelTime, features, label);
    }

    @Test
    void aTimeAnAbsurdDistanceFromNowIsAProblemNeverAnOverflow() {
        // The poison pill that stopped the trainer and the sink: an epoch number read as seconds.
        String json = "{\"eventId\":\"e1\",\"featureSet\":\"drone\",\"schemaVersion\":1,\"entityId\":\"shop-1\","
                + "\"eventTime\":10000000000000000,\"labelTime\":10000000000000000,\"features\":{\"hour\":8},"
                + "\"label\":\"busy\"}";
        LabelledExampleMessage read = Messages.fromJson(json.getBytes(StandardCharsets.UTF_8),
                LabelledExampleMessage.class);
        assertThat(read.problems(LIMITS, NOW)).anyMatch(p -> p.startsWith("eventTime") && p.contains("30 days after now"))
                .anyMatch(p -> p.startsWith("labelTime"));
        assertThat(read.problems()).as("the default limits").anyMatch(p -> p.contains("3653 days after now"));

        Instant old = NOW.minus(Duration.ofDays(400));
        assertThat(example("e2", old, NOW, Map.of("hour", 8.0), "busy").problems(LIMITS, NOW))
                .containsExactly("eventTime " + old + " is more than 365 days before now");
        assertThat(example("e3", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(29)), Map.of("hour", 8.0), "busy")
                .problems(LIMITS, NOW)).isEmpty();
        assertThat(LIMITS.accepts(NOW.plus(Duration.ofDays(31)).toEpochMilli(), NOW.toEpochMilli())).isFalse();
        assertThat(LIMITS.accepts(NOW.minus(Duration.ofDays(364)).toEpochMilli(), NOW.toEpochMilli())).isTrue();
    }

    @Test
    void idsNamesLabelsAndFeatureCountsAreBounded() {
        String longId = "e".repeat(MessageLimits.MAX_ID_LENGTH + 1);
        String longName = "f".repeat(MessageLimits.MAX_NAME_LENGTH + 1);
        assertThat(example(longId, NOW, NOW, Map.of("hour", 8.0), "busy").problems(LIMITS, NOW))
                .containsExactly("eventId is 257 characters long, more than 256");
        assertThat(example("", NOW, NOW, Map.of("hour", 8.0), "busy").problems(LIMITS, NOW))
                .containsExactly("eventId is empty");
        assertThat(example("e1", NOW, NOW, Map.of(longName, 8.0), longName).problems(LIMITS, NOW))
                .containsExactly("label is 257 characters long, more than 256",
                        "a feature name is 257 characters long, more than 256");
        Map<String, Double> many = new HashMap<>();
        for (int i = 0; i <= MessageLimits.MAX_FEATURES; i++) {
            many.put("f" + i, Double.NaN);
        }
        // Too many: one problem, not one per non-finite value.
        assertThat(example("e1", NOW, NOW, many, "busy").problems(LIMITS, NOW)).containsExactly("10001 features, more than 10000");

        FeatureVectorMessage features = new FeatureVectorMessage(" ", "drone", 1, "shop-1",
                NOW.plus(Duration.ofDays(90)), Map.of("hour", Double.POSITIVE_INFINITY));
        assertThat(features.problems(LIMITS, NOW)).containsExactly("eventId is empty",
                "eventTime " + NOW.plus(Duration.ofDays(90)) + " is more than 30 days after now",
                "feature 'hour' is Infinity, not a finite number");
    }

    @Test
    void limitsBeyondWhatATimeCanHoldAreRefused() {
        assertThatThrownBy(() -> new MessageLimits(Duration.ofDays(400_000), Duration.ZERO))
                .hasMessageContaining("between 0 and 365000 days");
        assertThatThrownBy(() -> new MessageLimits(Duration.ZERO, Duration.ofDays(-1)))
                .hasMessageContaining("between 0 and");
    }

    @Test
    void aLongReasonIsCutBetweenCharactersToFitADeadLetter() {
        assertThat(DeadLetters.cut("short")).isEqualTo("short".getBytes(StandardCharsets.UTF_8));
        byte[] cut = DeadLetters.cut("label 'é" + "é".repeat(10_000) + "' is not one of [busy]");
        assertThat(cut.length).isLessThanOrEqualTo(DeadLetters.MAX_REASON_BYTES);
        String text = new String(cut, StandardCharsets.UTF_8);
        assertThat(text).startsWith("label 'éé").endsWith(" … (cut)").doesNotContain("\uFFFD");
        Map<String, byte[]> headers = DeadLetters.headers("t", 0, 7, "x".repeat(100_000));
        assertThat(headers.get(DeadLetters.REASON).length).isLessThanOrEqualTo(DeadLetters.MAX_REASON_BYTES);
        assertThat(new String(headers.get(DeadLetters.OFFSET), StandardCharsets.UTF_8)).isEqualTo("7");
        assertThat(List.copyOf(headers.keySet())).containsExactly(DeadLetters.REASON, DeadLetters.TOPIC,
                DeadLetters.PARTITION, DeadLetters.OFFSET);
    }
}

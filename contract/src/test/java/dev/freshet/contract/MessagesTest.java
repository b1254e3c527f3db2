package dev.freshet.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Message JSON and feature-set validation. */
class MessagesTest {

    private static final FeatureSet DRONE = new FeatureSet("drone", 1, "shop_id",
            List.of(new FeatureSpec("hour", true), new FeatureSpec("avg_time", false)), List.of("busy", "quiet"));

    @Test
    void messagesRoundTripAndIgnoreNewFields() {
        LabelledExampleMessage m = new LabelledExampleMessage("e1", "drone", 1, "shop-3", Instant.parse("2026-11-02T08:00:00Z"),
                Instant.parse("2026-11-02T09:00:00Z"), Map.of("hour", 8.0, "avg_time", 21.5), "busy");
        byte[] json = Messages.toJson(m);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"eventTime\":\"2026-11-02T08:00:00Z\"");
        assertThat(Messages.fromJson(json, LabelledExampleMessage.class)).isEqualTo(m);
        String newer = new String(json, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"addedLater\":1,");
        assertThat(Messages.fromJson(newer.getBytes(), LabelledExampleMessage.class)).isEqualTo(m);
    }

    @Test
    void featuresAreWrittenInTheProducersOrderAndNullsAreRefused() {
        Map<String, Double> pixels = new java.util.LinkedHashMap<>();
        for (int p = 0; p < 784; p++) {
            pixels.put("px" + p, (double) (p % 256));
        }
        Instant seen = Instant.parse("2026-11-02T08:00:00Z");
        String expected = String.join(",", pixels.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .toList());
        assertThat(new String(Messages.toJson(new LabelledExampleMessage("i", "fashion", 1, "i", seen, seen, pixels, "Bag")),
                StandardCharsets.UTF_8)).contains("\"features\":{" + expected + "}");
        assertThat(new String(Messages.toJson(new FeatureVectorMessage("i", "fashion", 1, "i", seen, pixels)),
                StandardCharsets.UTF_8)).contains("\"features\":{" + expected + "}");
        FeatureVectorMessage vector = new FeatureVectorMessage("i", "fashion", 1, "i", seen, pixels);
        assertThat(new LabelledExampleMessage("i", "fashion", 1, "i", seen, seen, vector.features(), "Bag").features())
                .as("a message's own copy is shared, not copied again").isSameAs(vector.features())
                .isEqualTo(pixels);
        assertThatThrownBy(() -> vector.features().put("px0", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Double> withNull = new java.util.HashMap<>(Map.of("a", 1.0));
        withNull.put("b", null);
        assertThatThrownBy(() -> new FeatureVectorMessage("i", "fashion", 1, "i", seen, withNull))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LabelledExampleMessage("i", "f", 1, "i", seen, seen, withNull, "Bag"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void featuresReadFromBytesKeepTheirTextForTheStore() {
        String json = "{\"eventId\":\"é-1\",\"featureSet\":\"drone\",\"schemaVersion\":1,\"entityId\":\"café\","
                + "\"eventTime\":\"2026-11-02T08:00:00Z\",\"labelTime\":\"2026-11-02T09:00:00Z\","
                + "\"features\": {\"größe\": 1.50, \"hour\":8},\"label\":\"busy\"}";
        LabelledExampleMessage m = Messages.fromJson(json.getBytes(StandardCharsets.UTF_8), LabelledExampleMessage.class);
        assertThat(m.features()).isEqualTo(Map.of("größe", 1.5, "hour", 8.0));
        assertThat(Messages.featuresToJson(m.features())).isEqualTo("{\"größe\": 1.50, \"hour\":8}");
        assertThat(Messages.featuresFromJson(Messages.featuresToJson(m.features()))).isEqualTo(m.features());
        assertThatThrownBy(() -> m.features().put("hour", 9.0)).isInstanceOf(UnsupportedOperationException.class);
        // Built in code, the values are printed.
        assertThat(Messages.featuresToJson(Map.of("hour", 8.0))).isEqualTo("{\"hour\":8.0}");
    }

    @Test
    void featureValuesMustBeNumbers() {
        String base = "{\"eventId\":\"e\",\"featureSet\":\"drone\",\"schemaVersion\":1,\"entityId\":\"x\","
                + "\"eventTime\":\"2026-11-02T08:00:00Z\",\"labelTime\":\"2026-11-02T09:00:00Z\",\"label\":\"busy\",";
        for (String features : List.of("{\"hour\":null}", "{\"hour\":\"8\"}", "{\"hour\":[8]}", "{\"hour\":{}}", "[8]", "8")) {
            assertThatThrownBy(() -> Messages.fromJson((base + "\"features\":" + features + "}").getBytes(StandardCharsets.UTF_8),
                    LabelledExampleMessage.class)).as(features).isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("not a valid LabelledExampleMessage");
        }
        LabelledExampleMessage huge = Messages.fromJson((base + "\"features\":{\"hour\":1e999}}").getBytes(StandardCharsets.UTF_8),
                LabelledExampleMessage.class);
        assertThat(huge.problems()).containsExactly("feature 'hour' is Infinity, not a finite number");
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        assertThatThrownBy(() -> Messages.fromJson("not json".getBytes(), FeatureVectorMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("FeatureVectorMessage");
        assertThatThrownBy(() -> Messages.fromJson("{\"featureSet\":\"drone\",\"schemaVersion\":1}".getBytes(),
                FeatureVectorMessage.class)).isInstanceOf(MalformedMessageException.class).hasMessageContaining("eventId");
        assertThatThrownBy(() -> Messages.fromJson("{\"featureSet\":\"drone\"}".getBytes(), FeatureVectorMessage.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not a valid FeatureVectorMessage");
        assertThatThrownBy(() -> Messages.fromJson(("{\"eventId\":\"e\",\"featureSet\":\"d\",\"schemaVersion\":1,"
                + "\"entityId\":\"x\",\"eventTime\":\"2026-11-02T08:00:00Z\",\"features\":{\"hour\":\"eight\"}}").getBytes(),
                FeatureVectorMessage.class)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void featureSetsNameWhatIsMissingUnknownOrNotFinite() {
        assertThat(DRONE.predictionFeatures()).containsExactly("hour");
        assertThat(DRONE.problems(Map.of("hour", 3.0), true)).isEmpty();
        assertThat(DRONE.problems(Map.of("hour", 3.0), false)).containsExactly("feature 'avg_time' is missing");
        assertThat(DRONE.problems(Map.of("hour", Double.POSITIVE_INFINITY, "colour", 1.0), true))
                .containsExactlyInAnyOrder("feature 'hour' is Infinity, not a finite number", "unknown feature 'colour'");
        assertThatThrownBy(() -> new FeatureSet("d", 1, "id", List.of(new FeatureSpec("a", true), new FeatureSpec("a", true)),
                List.of("x"))).hasMessageContaining("declared twice");
    }
}

package dev.freshet.testinfra.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordFuzzerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode example(int i) {
        ObjectNode node = JSON.createObjectNode().put("eventId", "e-" + i).put("featureSet", "fz").put("schemaVersion", 1)
                .put("entityId", "shop-" + i % 7).put("eventTime", "2026-12-01T10:00:00Z")
                .put("labelTime", "2026-12-01T11:00:00Z").put("label", "busy");
        node.putObject("features").put("hour", 10.0).put("rating", 4.5);
        return node;
    }

    @Test
    void everyKindAppearsAndEachIsWhatItSays() throws Exception {
        List<FuzzedRecord> records = new RecordFuzzer(7, RecordFuzzerTest::example, "nowhere").records(3000,
                EnumSet.of(FuzzKind.UNKNOWN_FEATURE_SET));
        Map<FuzzKind, List<FuzzedRecord>> byKind = records.stream().collect(Collectors.groupingBy(FuzzedRecord::kind));
        assertThat(byKind.keySet()).containsExactlyInAnyOrder(FuzzKind.values());
        assertThat(records.stream().filter(FuzzedRecord::valid).count()).isBetween(1000L, 1700L);
        assertThat(byKind.get(FuzzKind.UNKNOWN_FEATURE_SET)).allMatch(FuzzedRecord::valid);
        assertThat(byKind.get(FuzzKind.UNKNOWN_LABEL)).noneMatch(FuzzedRecord::valid);
        assertThat(byKind.get(FuzzKind.TOMBSTONE)).allMatch(r -> r.value() == null);

        Function<FuzzedRecord, String> text = r -> new String(r.value(), StandardCharsets.UTF_8);
        for (FuzzKind kind : Set.of(FuzzKind.VALID, FuzzKind.DUPLICATE_ID, FuzzKind.EXTREME_VALUE, FuzzKind.OLD_TIME,
                FuzzKind.MISSING_FIELD, FuzzKind.EMPTY_ID, FuzzKind.LABEL_BEFORE_EVENT)) {
            for (FuzzedRecord r : byKind.get(kind)) {
                assertThat(JSON.readTree(r.value()).isObject()).as("%s parses: %s", kind, text.apply(r)).isTrue();
            }
        }
        // The raw tokens a JSON tree cannot hold come out bare, and the rest of the message is intact.
        assertThat(byKind.get(FuzzKind.NON_FINITE)).map(text).anyMatch(t -> t.contains(":1e999"))
                .anyMatch(t -> t.contains(":\"NaN\"")).anyMatch(t -> t.contains(":null"))
                .allMatch(t -> t.startsWith("{\"eventId\":\"e-") && t.endsWith("}"));
        assertThat(byKind.get(FuzzKind.EXTREME_TIME)).map(text).anyMatch(t -> t.contains("\"eventTime\":10000000000000000,"))
                .anyMatch(t -> t.contains("\"eventTime\":\"+999999999-12-31T23:59:59Z\""));
        assertThat(byKind.get(FuzzKind.WRONG_TYPE)).map(text).anyMatch(t -> t.contains("\"features\":[1,2]"))
                .anyMatch(t -> t.contains(":{}")).noneMatch(t -> t.contains("raw"));
        for (FuzzedRecord r : byKind.get(FuzzKind.DUPLICATE_ID)) {
            String id = JSON.readTree(r.value()).get("eventId").asText();
            assertThat(byKind.get(FuzzKind.VALID)).anyMatch(v -> v.eventId().equals(id) && v.index() < r.index());
        }
        JsonNode old = JSON.readTree(byKind.get(FuzzKind.OLD_TIME).get(0).value());
        assertThat(old.get("eventTime").asText()).isEqualTo("1976-12-01T10:00:00Z");
        // Seeded: the same records again.
        List<FuzzedRecord> again = new RecordFuzzer(7, RecordFuzzerTest::example, "nowhere").records(3000,
                EnumSet.of(FuzzKind.UNKNOWN_FEATURE_SET));
        assertThat(again.get(2999).kind()).isEqualTo(records.get(2999).kind());
    }
}

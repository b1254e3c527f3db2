package dev.freshet.registry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.registry.AliasRecord;
import dev.freshet.registry.AliasRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event record's JSON is stable and round-trips. */
class ModelEventTest {

    @Test
    void aliasMovedRoundTripsThroughJson() throws Exception {
        AliasRef moved = new AliasRef(new AliasRecord("champion", "drone-linear", 7, List.of(5L), Instant.now(), "gate passed", 2), "etag");
        ModelEvent event = ModelEvent.aliasMoved("drone-linear", moved, 5L);
        String json = new String(event.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\" : \"ALIAS_MOVED\"", "\"alias\" : \"champion\"", "\"version\" : 7",
                "\"previousVersion\" : 5", "\"reason\" : \"gate passed\"");
        assertThat(ModelEvent.fromJson(event.toJson())).isEqualTo(event);
    }

    @Test
    void driftAndUnknownFieldsAreRead() throws Exception {
        ModelEvent drift = ModelEvent.driftDetected("drone-mlp", 3, "adwin(delta=0.002)", 20_032);
        ModelEvent read = ModelEvent.fromJson(drift.toJson());
        assertThat(read.type()).isEqualTo(ModelEvent.Type.DRIFT_DETECTED);
        assertThat(read.details()).containsEntry("detector", "adwin(delta=0.002)");
        String newer = "{\"eventId\":\"x\",\"type\":\"VERSION_PUBLISHED\",\"model\":\"m\",\"version\":1,"
                + "\"at\":\"2026-11-21T10:00:00Z\",\"addedLater\":true}";
        assertThat(ModelEvent.fromJson(newer.getBytes()).version()).isEqualTo(1L);
        assertThatThrownBy(() -> ModelEvent.fromJson("{\"model\":\"m\"}".getBytes())).hasMessageContaining("type");
    }
}

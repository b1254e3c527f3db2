package dev.freshet.registry.events;

import dev.freshet.registry.AliasRef;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.RegistryJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One message on {@value #TOPIC}, keyed by model name. Inference reloads on {@code VERSION_PUBLISHED} and
 * {@code ALIAS_MOVED}; the dashboard shows all three. Fields that do not apply are null.
 *
 * @param eventId         unique id, for de-duplication
 * @param type            what happened
 * @param model           model name
 * @param version         the version published, the alias's new target, or the version that drifted
 * @param alias           the alias moved
 * @param previousVersion the alias's previous target
 * @param at              when
 * @param details         metrics of a published version, or the detector and position of a drift
 */
public record ModelEvent(String eventId, Type type, String model, Long version, String alias, Long previousVersion,
                         Instant at, Map<String, Object> details) {

    /** The Kafka topic of registry events. */
    public static final String TOPIC = "freshet.model-events";

    /** Kinds of event. */
    public enum Type { VERSION_PUBLISHED, ALIAS_MOVED, DRIFT_DETECTED }

    public ModelEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(model, "model");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ModelEvent published(Manifest manifest) {
        return new ModelEvent(UUID.randomUUID().toString(), Type.VERSION_PUBLISHED, manifest.model(), manifest.version(),
                null, manifest.parentVersion(), Instant.now(),
                manifest.metrics() == null ? Map.of() : Map.copyOf(manifest.metrics()));
    }

    public static ModelEvent aliasMoved(String model, AliasRef moved, Long previousVersion) {
        return new ModelEvent(UUID.randomUUID().toString(), Type.ALIAS_MOVED, model, moved.version(),
                moved.record().alias(), previousVersion, Instant.now(),
                moved.record().reason() == null ? Map.of() : Map.of("reason", moved.record().reason()));
    }

    public static ModelEvent driftDetected(String model, long version, String detector, long example) {
        return new ModelEvent(UUID.randomUUID().toString(), Type.DRIFT_DETECTED, model, version, null, null,
                Instant.now(), Map.of("detector", detector, "example", example));
    }

    public byte[] toJson() {
        return RegistryJson.write(this);
    }

    public static ModelEvent fromJson(byte[] json) throws IOException {
        return RegistryJson.read(json, ModelEvent.class);
    }
}

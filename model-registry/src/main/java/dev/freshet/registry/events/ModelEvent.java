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
 * {@code ALIAS_MOVED}; the dashboard shows them all. Fields that do not apply are null.
 *
 * @param eventId         unique id, for de-duplication
 * @param type            what happened
 * @param model           model name
 * @param version         the version published, the alias's new target, or the version that drifted
 * @param alias           the alias moved
 * @param previousVersion the alias's previous target
 * @param at              when
 * @param details         metrics of a published version, the detector, position and change of a drift, or what a
 *                        drift reaction did
 */
public record ModelEvent(String eventId, Type type, String model, Long version, String alias, Long previousVersion,
                         Instant at, Map<String, Object> details) {

    /** The Kafka topic of registry events. */
    public static final String TOPIC = "freshet.model-events";

    /** Kinds of event. */
    public enum Type { VERSION_PUBLISHED, ALIAS_MOVED, DRIFT_DETECTED, DRIFT_REACTION }

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

    /** A drift with what changed: the error rate before and after, as the detector saw them. */
    public static ModelEvent driftDetected(String model, long version, String detector, long example,
                                           double errorBefore, double errorAfter) {
        if (!Double.isFinite(errorBefore) || !Double.isFinite(errorAfter)) {
            return driftDetected(model, version, detector, example);
        }
        return new ModelEvent(UUID.randomUUID().toString(), Type.DRIFT_DETECTED, model, version, null, null,
                Instant.now(), Map.of("detector", detector, "example", example, "errorBefore", errorBefore,
                "errorAfter", errorAfter));
    }

    /**
     * What the trainer did about a drift.
     *
     * @param reaction {@code challenger-started}, {@code challenger-promoted}, {@code challenger-dropped} or
     *                 {@code reset}
     * @param detail   why, with the accuracies compared
     */
    public static ModelEvent driftReaction(String model, long version, String reaction, String detail) {
        return new ModelEvent(UUID.randomUUID().toString(), Type.DRIFT_REACTION, model, version, null, null,
                Instant.now(), Map.of("reaction", reaction, "detail", detail));
    }

    public byte[] toJson() {
        return RegistryJson.write(this);
    }

    public static ModelEvent fromJson(byte[] json) throws IOException {
        return RegistryJson.read(json, ModelEvent.class);
    }
}

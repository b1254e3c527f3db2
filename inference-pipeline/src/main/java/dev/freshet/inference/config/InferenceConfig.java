package dev.freshet.inference.config;

import dev.freshet.contract.MessageLimits;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * The inference pipeline's settings, each also an environment variable ({@code freshet.inference.abstain-below}
 * is {@code FRESHET_INFERENCE_ABSTAIN_BELOW}).
 */
@ConfigMapping(prefix = "freshet.inference")
public interface InferenceConfig {

    /** Registry names of the models served; the first is the default of {@code /predict}. */
    @WithDefault("drone-linear")
    List<String> models();

    /** The alias served; when a model has none yet, its newest version is served until it has. */
    @WithDefault("champion")
    String alias();

    /**
     * Abstain when the most probable class is less probable than this: the answer still names it, marked
     * {@code abstained}. 0.8 on two classes predicts only when p &le; 0.2 or p &ge; 0.8; 0 never abstains.
     */
    @WithDefault("0.8")
    double abstainBelow();

    /** Most instances (rows) one request may carry. */
    @WithDefault("1000")
    int maxInstances();

    Reload reload();

    /** Bounds a feature vector on {@code freshet.features} is held to; one outside them is dead-lettered. */
    Messages messages();

    WarmUp warmUp();

    LiveAccuracy liveAccuracy();

    Dashboard dashboard();

    interface Messages {
        /** How long before now a vector's event time may be (a backlog is old). */
        @WithDefault("36525d")
        Duration maxPast();

        /** How far after now it may be (a simulated clock runs ahead of the wall clock). */
        @WithDefault("3653d")
        Duration maxFuture();

        default MessageLimits limits() {
            return new MessageLimits(maxPast(), maxFuture());
        }
    }

    /** The page at {@code /}. */
    interface Dashboard {
        /** How often a point is added to its charts (an hour of them is kept). */
        @WithDefault("2s")
        Duration sampleInterval();
    }

    /** When the served versions are checked against the registry; events trigger a check at once. */
    interface Reload {
        /** The scheduled check, the fallback when an event is missed. */
        @WithDefault("10s")
        Duration interval();

        /** Versions other than the served one kept loaded per model, for {@code /versions/{v}} requests. */
        @WithDefault("3")
        int otherVersionsCached();
    }

    /**
     * Requests the service sends itself once its models are loaded, before it reports ready: the JIT compiles the
     * request path then, not while the first users wait (on two cores the first half minute of full traffic
     * otherwise answers in seconds). Counted under {@code path="warm-up"}, never as REST predictions.
     */
    interface WarmUp {
        /** How many (half to {@code /v2/models/{m}/infer}, half to {@code /predict}); 0 reports ready at once. */
        @WithDefault("20000")
        int requests();

        /** Ready after this at the latest, warmed up or not. */
        @WithDefault("60s")
        Duration timeout();
    }

    /** Predictions joined with the labels that arrive later. */
    interface LiveAccuracy {
        /** Most recent labelled predictions per model version that the rolling accuracy covers. */
        @WithDefault("1000")
        int window();

        /**
         * Most recent labelled predictions per model, whatever version answered, that its live accuracy and
         * confusion matrix cover: a simulated day of the drone demo's 600 shops.
         */
        @WithDefault("8400")
        int modelWindow();

        /** Most predictions waiting for their label; the oldest give way first. */
        @WithDefault("200000")
        long maxPending();

        /**
         * Most heap the waiting predictions may take (estimated from their event ids, which clients choose); the
         * oldest give way first. Set it above max-pending times the size of one answer with a typical id.
         */
        @WithDefault("64M")
        MemorySize maxPendingBytes();

        /** How long a prediction waits for its label. */
        @WithDefault("30m")
        Duration expiry();

        /** Model versions per model with a live-accuracy series kept (older ones are dropped). */
        @WithDefault("10")
        int versionsKept();
    }

    HeldOut heldOut();

    /** Held-out examples (a source's test split on freshet.test-examples) each served version is scored on. */
    interface HeldOut {
        /** Most held-out examples kept; later ones are counted and left out. */
        @WithDefault("100000")
        int maxExamples();

        /** How often new examples and newly loaded versions are scored. */
        @WithDefault("2s")
        Duration interval();
    }
}

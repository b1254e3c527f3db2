package dev.freshet.pipeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The feature pipeline's settings ({@code freshet.pipeline.*}); each also settable as an environment variable (FRESHET_PIPELINE_...). */
@ConfigMapping(prefix = "freshet.pipeline")
public interface PipelineConfig {

    /** The source producing features and examples. */
    Source source();

    /** Topic creation. */
    Topics topics();

    /** The feature-store sink. */
    Sink sink();

    /** Source settings. */
    interface Source {
        /** Run a source in this process (FRESHET_PIPELINE_SOURCE_ENABLED). */
        @WithDefault("false")
        boolean enabled();

        /** Which source: {@code drone} for now. */
        @WithDefault("drone")
        String kind();

        /** Simulated shops. */
        @WithDefault("50")
        int shops();

        /** Seed of the simulation. */
        @WithDefault("1")
        long seed();

        /** Simulated seconds per real second (3600: one simulated hour a second). */
        @WithDefault("3600")
        double speedup();

        /** Simulated start time; default: the most recent Monday 00:00 UTC. */
        Optional<Instant> start();

        /** When the busy rules change, after the start. */
        @WithDefault("P7D")
        Duration driftAfter();

        /** Stop after this many simulated hours; 0 runs until the service stops. */
        @WithDefault("0")
        long maxHours();
    }

    /** Topics are created at start when absent. */
    interface Topics {
        @WithDefault("3")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        /** How long to wait for Kafka at start before giving up. */
        @WithDefault("PT2M")
        Duration kafkaWait();
    }

    /** Sink settings. */
    interface Sink {
        /** Write freshet.examples into the feature store (FRESHET_PIPELINE_SINK_ENABLED). */
        @WithDefault("true")
        boolean enabled();

        /** Longest pause between attempts while the database is unreachable. */
        @WithDefault("PT5S")
        Duration maxRetryDelay();
    }
}

package dev.freshet.pipeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import dev.freshet.contract.MessageLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

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

        /** Which source: {@code drone}, {@code crypto} or {@code csv}. */
        @WithDefault("drone")
        String kind();

        /** Seed of everything simulated or shuffled. */
        @WithDefault("1")
        long seed();

        /**
         * Input events per second (drone: shop observations, csv: rows, crypto: trades of the simulator or a
         * replayed file); 0 is as fast as possible. Unset, each source keeps its own pace: drone its simulated
         * clock, csv 100 rows/s, crypto 200 trades/s. A live feed comes at the exchange's pace.
         */
        OptionalDouble rate();

        /** Stop after this much real time; unset runs until the source ends or the service stops. */
        Optional<Duration> duration();

        Drone drone();

        Crypto crypto();

        Csv csv();

        Images images();
    }

    /** The drone-delivery simulation ({@code freshet.pipeline.source.drone.*}). */
    interface Drone {
        /** Simulated shops. */
        @WithDefault("50")
        int shops();

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

    /** Trades to candles to features, labelled with the price direction ({@code freshet.pipeline.source.crypto.*}). */
    interface Crypto {
        /** Where trades come from: {@code simulator}, {@code kraken} (live WebSocket v2) or {@code csv} (a file). */
        @WithDefault("simulator")
        String input();

        /** Products, in Kraken's v2 notation. */
        @WithDefault("BTC/USD,ETH/USD")
        List<String> symbols();

        /** Candle length. */
        @WithDefault("PT1M")
        Duration interval();

        /** The label is the direction of the close this many candles later. */
        @WithDefault("5")
        int horizon();

        /** Kraken's public WebSocket v2 endpoint. */
        @WithDefault("wss://ws.kraken.com/v2")
        URI url();

        /** First pause before reconnecting; doubles up to {@link #reconnectMaxDelay()}. */
        @WithDefault("PT1S")
        Duration reconnectDelay();

        @WithDefault("PT30S")
        Duration reconnectMaxDelay();

        /** No message (Kraken sends a heartbeat every second) for this long: reconnect. */
        @WithDefault("PT15S")
        Duration idleTimeout();

        /** A live candle closes this long after its end when no later trade closed it. */
        @WithDefault("PT2S")
        Duration closeGrace();

        /** The trades file for {@code input=csv}. */
        Optional<Path> file();

        /** Simulated start time of the simulator; default: now. */
        Optional<Instant> start();
    }

    /** Replay of a labelled CSV file ({@code freshet.pipeline.source.csv.*}). */
    interface Csv {
        /** The file; default: the bundled UCI breast-cancer data set. */
        Optional<Path> file();

        /** The label column. */
        @WithDefault("class")
        String label();

        /** Columns that are neither features nor the label; default: none ({@code id} for the bundled file). */
        Optional<List<String>> ignore();

        /** The feature set's name; default: the file's name without extension. */
        Optional<String> featureSet();

        /** Share of rows held out as the test set: sent with their labels to freshet.test-examples, never learned. */
        @WithDefault("0.4")
        double testFraction();

        /** Shuffle the rows (with the source seed) before the split. */
        @WithDefault("true")
        boolean shuffle();

        /** A row with a missing value: {@code skip-row} (counted) or {@code impute} (left out, the model fills it in). */
        @WithDefault("skip-row")
        String missing();
    }

    /** Labelled images from an IDX pair ({@code freshet.pipeline.source.images.*}). */
    interface Images {
        /**
         * The IDX image file; default: Fashion-MNIST's training images where Debian's dataset-fashion-mnist put
         * them, else the 2,000 bundled with the project.
         */
        Optional<Path> imagesFile();

        /** The IDX label file that goes with it (the same defaults). */
        Optional<Path> labelsFile();

        @WithDefault("fashion")
        String featureSet();

        /** The class names by label number; numbers beyond the list are named by themselves. */
        @WithDefault("T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot")
        List<String> labelNames();

        /** How many images later an image's label is sent (0: with it). */
        @WithDefault("100")
        int labelDelay();

        /** A concept drift from image {@link #driftAfter()} on: {@code none}, {@code swap} (two classes' labels) or {@code invert} (the pixels). */
        @WithDefault("none")
        String drift();

        /** Images sent before the drift. */
        @WithDefault("30000")
        int driftAfter();

        /** The two label numbers {@code swap} exchanges. */
        @WithDefault("0,6")
        List<Integer> swap();
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

        /**
         * Lanes decoding and storing partitions in parallel (a partition always on the same lane, each part of a
         * batch in one transaction, on a connection of its own); as many as {@code freshet.examples} has
         * partitions is best.
         */
        @WithDefault("3")
        int writers();

        /** Longest pause between attempts while the database is unreachable. */
        @WithDefault("PT5S")
        Duration maxRetryDelay();

        /** How long before now an example's times may be; one outside is dead-lettered with the reason. */
        @WithDefault("36525d")
        Duration maxPast();

        /** How far after now they may be (a simulated clock runs ahead of the wall clock). */
        @WithDefault("3653d")
        Duration maxFuture();

        default MessageLimits limits() {
            return new MessageLimits(maxPast(), maxFuture());
        }
    }
}

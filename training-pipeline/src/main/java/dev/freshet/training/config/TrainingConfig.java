package dev.freshet.training.config;

import dev.freshet.contract.MessageLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The training pipeline's settings, each also an environment variable ({@code freshet.training.min-batch} is
 * {@code FRESHET_TRAINING_MIN_BATCH}).
 */
@ConfigMapping(prefix = "freshet.training")
public interface TrainingConfig {

    /** Start the training loop with the service; tests that prepare data first turn it off and start it. */
    @WithDefault("true")
    boolean autostart();

    /** The feature set trained on, as registered in the feature store by its source. */
    @WithDefault("drone")
    String featureSet();

    /** Labelled examples. */
    @WithDefault("freshet.examples")
    String topic();

    /** Fewest examples a mini-batch waits for, unless {@link #maxWait()} passes first. */
    @WithDefault("100")
    int minBatch();

    /** Longest a mini-batch waits for {@link #minBatch()} examples. */
    @WithDefault("500ms")
    Duration maxWait();

    /**
     * Most examples one poll hands over: a trainer that fell behind takes batches up to this size, so lag
     * shrinks instead of growing.
     */
    @WithDefault("5000")
    int maxBatch();

    /** Threads decoding polled records while the training thread learns (learning itself is one thread, in order). */
    @WithDefault("2")
    int decoders();

    /** The models trained, by key; each is published as {@code <feature-set>-<key>}. */
    Map<String, ModelSpec> models();

    /** Keys of the configured models this trainer trains; all of them when not set. */
    Optional<List<String>> train();

    /** The keys of the models to train, in configuration order. */
    default List<String> trainedModels() {
        List<String> keys = train().orElse(List.copyOf(models().keySet()));
        for (String key : keys) {
            if (!models().containsKey(key)) {
                throw new IllegalArgumentException("freshet.training.train names '" + key + "', which is not one of "
                        + "the configured models " + models().keySet());
            }
        }
        return keys;
    }

    Publish publish();

    /** Bounds a labelled example is held to; one outside them is dead-lettered with the reason. */
    Messages messages();

    Gate gate();

    Drift drift();

    Bootstrap bootstrap();

    Lock lock();

    /** One model's algorithm and hyper-parameters; what is not set keeps the algorithm's default. */
    interface ModelSpec {
        /** {@code linear} or {@code mlp}. */
        String algorithm();

        /** Hidden layer sizes of an mlp, e.g. {@code 32} or {@code 64,16}. */
        Optional<List<Integer>> hiddenSizes();

        /** {@code sgd}, {@code adagrad} or {@code adam}. */
        Optional<String> optimizer();

        OptionalDouble learningRate();

        OptionalDouble l2();

        OptionalLong seed();

        /**
         * Which features or groups interact: {@code declared} (the feature set's crosses), {@code none}, or crosses
         * joined by commas, each factors joined by {@code *}, e.g. {@code shop_type*hour,shop_type*weekday}. Default:
         * {@code declared} for linear (it cannot learn an interaction otherwise), {@code none} for mlp.
         */
        Optional<String> crosses();

        /**
         * {@code declared}: the model encodes features as its feature set declares (one-hot, cyclical, crosses);
         * {@code none}: every feature reaches it as a plain number, and no cross.
         */
        @WithDefault("declared")
        String encodings();

        /** Recent examples kept to replay after each new one (0: no replay); see {@code LearnerSettings.Replay}. */
        @WithDefault("8400")
        int replayWindow();

        /** Recent examples replayed after each new one. */
        @WithDefault("3")
        int replayPerExample();
    }

    /** When a version is published: after so many examples or so much time, whichever comes first. */
    interface Messages {
        /** How long before now an example's times may be (history and a backlog are old). */
        @WithDefault("36525d")
        Duration maxPast();

        /** How far after now they may be (a simulated clock runs ahead of the wall clock). */
        @WithDefault("3653d")
        Duration maxFuture();

        default MessageLimits limits() {
            return new MessageLimits(maxPast(), maxFuture());
        }
    }

    interface Publish {
        @WithDefault("50000")
        long everyExamples();

        @WithDefault("30s")
        Duration interval();
    }

    /** When the champion alias moves to a new version. */
    interface Gate {
        /** Rolling prequential accuracy a candidate needs at least. */
        @WithDefault("0.6")
        double floor();

        /**
         * Recent examples the candidate and the champion are compared on, a drift challenger's trial, and the
         * rolling metrics' window: a simulated day of the drone demo's 600 shops (8,400), so that a comparison spans
         * every hour of a day.
         */
        @WithDefault("8400")
        int window();

        /**
         * Examples after a change's first drift signal before a new version may replace the champion (0: no hold):
         * a poisoned burst shorter than this never serves; a real change is served this much later. Signals within
         * this many examples of the one before belong to the same change.
         */
        @WithDefault("2000")
        long holdAfterDrift();
    }

    /** How each model watches its error for drift, and what it does on a signal. */
    interface Drift {
        /**
         * Rise of the error rate a drift must show (a warning from half of it): smaller swings, such as between the
         * hours of a bursty stream, are not a change worth acting on.
         */
        @WithDefault("0.15")
        double minChange();

        /**
         * Examples a lineage learns before its signals count (a simulated day of the drone demo): until then its
         * error falls as it learns and swings as it meets each part of the stream for the first time.
         */
        @WithDefault("8400")
        long warmUp();

        /** {@code none}, {@code challenger} (a second model learns from the signal on and may replace it) or {@code reset}. */
        @WithDefault("challenger")
        String reaction();

        /** How a challenger starts: {@code warm} (the model's weights, optimiser and replay reset) or {@code fresh}. */
        @WithDefault("warm")
        String challengerStart();
    }

    /** The first version, from the feature store's history. */
    interface Bootstrap {
        /** Passes over the history (the first one test-then-train, the others train only). */
        @WithDefault("1")
        int epochs();
    }

    /** One trainer at a time: a PostgreSQL advisory lock by name; the others stand by. */
    interface Lock {
        @WithDefault("freshet-training")
        String name();

        /** How often a standing-by trainer tries the lock again. */
        @WithDefault("5s")
        Duration retry();

        /**
         * How long the check before each publish waits for PostgreSQL to confirm the lock's session is alive: a
         * database that stalls for less is waited out; an answer never coming in this time counts as the lock lost.
         */
        @WithDefault("30s")
        Duration checkTimeout();
    }


    /** The registry name of a configured model. */
    default String modelName(String key) {
        return featureSet() + "-" + key;
    }
}

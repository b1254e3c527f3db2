package dev.freshet.learn;

import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.network.Activation;
import dev.freshet.learn.network.OptimizerKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hyper-parameters of a learner. {@code linear} has no hidden layer; {@code mlp} has one or two.
 * Defaults were chosen to be robust across streams (breast cancer, SEA, rotating hyperplane, an abrupt
 * flip, XOR), not tuned to one: plain SGD for linear and Adam for mlp kept adapting after drift, where
 * AdaGrad's ever-shrinking steps did not (see BENCHMARKS.md).
 *
 * @param algorithm    {@code linear} or {@code mlp}
 * @param hiddenSizes  hidden layer sizes, empty for linear, one or two entries for mlp
 * @param activation   hidden-layer activation (ignored by linear)
 * @param optimizer    update rule
 * @param learningRate step size
 * @param l2           L2 penalty on weights (not biases), per example
 * @param clip         standardised inputs are clipped to ±clip
 * @param seed         seed of the deterministic initial weights
 * @param encoding     how features become inputs (encodings, groups, crosses); part of the model
 * @param replay       how each update mixes in recent examples
 */
public record LearnerSettings(String algorithm, int[] hiddenSizes, Activation activation, OptimizerKind optimizer,
                              double learningRate, double l2, double clip, long seed, InputEncoding encoding,
                              Replay replay) {

    public static final String LINEAR = "linear";
    public static final String MLP = "mlp";
    private static final String ENCODING = "encoding.";

    /**
     * Rehearsal of recent examples: after each new example the learner also learns {@code perExample} examples
     * drawn uniformly from the last {@code window} it learned. Labels that come in bursts of one kind (all shops of
     * one hour) then do not pull the weights to that burst alone, and a drift is still followed within a window.
     * {@code window} 0 turns it off.
     *
     * @param window     recent examples kept to replay
     * @param perExample replayed examples learned per new one
     */
    public record Replay(int window, int perExample) {

        /** No replay: one update per example. */
        public static final Replay NONE = new Replay(0, 0);

        public Replay {
            if (window < 0 || perExample < 0 || window > 1_000_000 || perExample > 100) {
                throw new IllegalArgumentException("replay needs a window of 0 to 1,000,000 examples and 0 to 100 "
                        + "replays per example, not " + window + " and " + perExample);
            }
            if (window == 0 || perExample == 0) {
                window = 0;
                perExample = 0;
            }
        }

        public boolean enabled() {
            return window > 0;
        }
    }

    public LearnerSettings(String algorithm, int[] hiddenSizes, Activation activation, OptimizerKind optimizer,
                           double learningRate, double l2, double clip, long seed) {
        this(algorithm, hiddenSizes, activation, optimizer, learningRate, l2, clip, seed, InputEncoding.NONE,
                Replay.NONE);
    }

    public LearnerSettings {
        java.util.Objects.requireNonNull(encoding, "encoding");
        java.util.Objects.requireNonNull(replay, "replay");
        hiddenSizes = hiddenSizes.clone();
        if (LINEAR.equals(algorithm)) {
            if (hiddenSizes.length != 0) {
                throw new IllegalArgumentException("linear has no hidden layer");
            }
        } else if (MLP.equals(algorithm)) {
            if (hiddenSizes.length < 1 || hiddenSizes.length > 2) {
                throw new IllegalArgumentException("mlp has one or two hidden layers, not " + hiddenSizes.length);
            }
            for (int size : hiddenSizes) {
                if (size < 1) {
                    throw new IllegalArgumentException("a hidden layer needs at least one unit, not " + size);
                }
            }
        } else {
            throw new IllegalArgumentException("unknown algorithm '" + algorithm + "': use linear or mlp");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, not " + learningRate);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be zero or positive, not " + l2);
        }
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip must be positive, not " + clip);
        }
    }

    /** Logistic regression with the defaults. */
    public static LearnerSettings linear() {
        return new LearnerSettings(LINEAR, new int[0], Activation.TANH, OptimizerKind.SGD, 0.005, 0.0, 10.0, 1L);
    }

    /** One hidden layer of 32 tanh units with the defaults. */
    public static LearnerSettings mlp() {
        return new LearnerSettings(MLP, new int[] {32}, Activation.TANH, OptimizerKind.ADAM, 0.005, 0.0, 10.0, 1L);
    }

    public LearnerSettings withHiddenSizes(int... sizes) {
        return new LearnerSettings(algorithm, sizes, activation, optimizer, learningRate, l2, clip, seed, encoding,
                replay);
    }

    public LearnerSettings withActivation(Activation value) {
        return new LearnerSettings(algorithm, hiddenSizes, value, optimizer, learningRate, l2, clip, seed, encoding,
                replay);
    }

    public LearnerSettings withOptimizer(OptimizerKind value, double rate) {
        return new LearnerSettings(algorithm, hiddenSizes, activation, value, rate, l2, clip, seed, encoding, replay);
    }

    public LearnerSettings withL2(double value) {
        return new LearnerSettings(algorithm, hiddenSizes, activation, optimizer, learningRate, value, clip, seed,
                encoding, replay);
    }

    public LearnerSettings withSeed(long value) {
        return new LearnerSettings(algorithm, hiddenSizes, activation, optimizer, learningRate, l2, clip, value,
                encoding, replay);
    }

    public LearnerSettings withEncoding(InputEncoding value) {
        return new LearnerSettings(algorithm, hiddenSizes, activation, optimizer, learningRate, l2, clip, seed, value,
                replay);
    }

    public LearnerSettings withReplay(Replay value) {
        return new LearnerSettings(algorithm, hiddenSizes, activation, optimizer, learningRate, l2, clip, seed,
                encoding, value);
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    /** As strings, for the training state and the model's provenance. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("algorithm", algorithm);
        map.put("hidden-sizes", Arrays.stream(hiddenSizes).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        map.put("activation", activation.configName());
        map.put("optimizer", optimizer.configName());
        map.put("learning-rate", Double.toString(learningRate));
        map.put("l2", Double.toString(l2));
        map.put("clip", Double.toString(clip));
        map.put("seed", Long.toString(seed));
        // Written only when used, so that the settings of models from before either existed read the same.
        if (replay.enabled()) {
            map.put("replay-window", Integer.toString(replay.window()));
            map.put("replay-per-example", Integer.toString(replay.perExample()));
        }
        encoding.asMap().forEach((key, value) -> map.put(ENCODING + key, value));
        return map;
    }

    /** Reads what {@link #asMap()} wrote. */
    public static LearnerSettings fromMap(Map<String, String> map) {
        try {
            String sizes = map.getOrDefault("hidden-sizes", "");
            int[] hidden = sizes.isBlank() ? new int[0]
                    : Arrays.stream(sizes.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            Map<String, String> encoding = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (key.startsWith(ENCODING)) {
                    encoding.put(key.substring(ENCODING.length()), value);
                }
            });
            Replay replay = new Replay(Integer.parseInt(map.getOrDefault("replay-window", "0")),
                    Integer.parseInt(map.getOrDefault("replay-per-example", "0")));
            return new LearnerSettings(map.get("algorithm"), hidden, Activation.parse(map.get("activation")),
                    OptimizerKind.parse(map.get("optimizer")), Double.parseDouble(map.get("learning-rate")),
                    Double.parseDouble(map.get("l2")), Double.parseDouble(map.get("clip")),
                    Long.parseLong(map.get("seed")), InputEncoding.fromMap(encoding), replay);
        } catch (RuntimeException e) {
            throw new IncompatibleSnapshotException("hyper-parameters cannot be read: " + map, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearnerSettings s && asMap().equals(s.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}

package dev.freshet.learn.data;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded synthetic streams with known concept drift, the classic benchmarks of the streaming literature.
 * The same seed always gives the same stream. Labels are {@code "0"} and {@code "1"}.
 */
public final class SyntheticStreams {

    private SyntheticStreams() {}

    /**
     * SEA concepts (Street and Kim, 2001): three features uniform in [0, 10], the third irrelevant; the label
     * is 1 when f1 + f2 <= theta. Theta cycles through 8, 9, 7 and 9.5, changing abruptly every
     * {@code conceptLength} examples. A share {@code noise} of labels is flipped.
     */
    public static Stream<LabelledExample> sea(long seed, int conceptLength, double noise) {
        double[] thetas = {8, 9, 7, 9.5};
        String[] names = {"f1", "f2", "f3"};
        SplittableRandom random = new SplittableRandom(seed);
        long[] position = {0};
        return Stream.generate(() -> {
            double theta = thetas[(int) ((position[0]++ / conceptLength) % thetas.length)];
            double[] x = {random.nextDouble() * 10, random.nextDouble() * 10, random.nextDouble() * 10};
            boolean positive = x[0] + x[1] <= theta;
            return example(names, x, flip(positive, noise, random));
        });
    }

    /**
     * Rotating hyperplane (Hulten, Spencer and Domingos, 2001): {@code dims} features uniform in [0, 1]; the
     * label is 1 when sum(w_i x_i) >= sum(w_i) / 2. Every weight moves by {@code magnitude} per example, each
     * reversing direction with probability 0.1 per 1,000 examples: gradual drift. {@code noise} flips labels.
     */
    public static Stream<LabelledExample> rotatingHyperplane(long seed, int dims, double magnitude, double noise) {
        String[] names = names(dims);
        SplittableRandom random = new SplittableRandom(seed);
        double[] weights = random.doubles(dims).toArray();
        double[] direction = IntStream.range(0, dims).mapToDouble(i -> random.nextBoolean() ? 1 : -1).toArray();
        long[] position = {0};
        return Stream.generate(() -> {
            double[] x = random.doubles(dims).toArray();
            double score = 0;
            double threshold = 0;
            for (int i = 0; i < dims; i++) {
                score += weights[i] * x[i];
                threshold += weights[i];
            }
            boolean positive = score >= threshold / 2;
            for (int i = 0; i < dims; i++) {
                weights[i] += direction[i] * magnitude;
                if (++position[0] % 1000 == 0 && random.nextDouble() < 0.1) {
                    direction[i] = -direction[i];
                }
            }
            return example(names, x, flip(positive, noise, random));
        });
    }

    /**
     * A linear concept over {@code dims} standard-normal features that flips abruptly at example
     * {@code changeAt} (0-based): the label is 1 when w·x > 0 before and when w·x < 0 after.
     * {@code noise} flips labels. Made for measuring how fast a change is detected.
     */
    public static Stream<LabelledExample> abruptFlip(long seed, int dims, long changeAt, double noise) {
        String[] names = names(dims);
        SplittableRandom random = new SplittableRandom(seed);
        double[] weights = IntStream.range(0, dims).mapToDouble(i -> random.nextGaussian()).toArray();
        long[] position = {0};
        return Stream.generate(() -> {
            double[] x = IntStream.range(0, dims).mapToDouble(i -> random.nextGaussian()).toArray();
            double score = 0;
            for (int i = 0; i < dims; i++) {
                score += weights[i] * x[i];
            }
            boolean positive = position[0]++ < changeAt ? score > 0 : score < 0;
            return example(names, x, flip(positive, noise, random));
        });
    }

    /** A stationary linear concept: {@link #abruptFlip} with no change. */
    public static Stream<LabelledExample> stationary(long seed, int dims, double noise) {
        return abruptFlip(seed, dims, Long.MAX_VALUE, noise);
    }

    private static String[] names(int dims) {
        return IntStream.range(0, dims).mapToObj(i -> "x" + i).toArray(String[]::new);
    }

    private static boolean flip(boolean label, double noise, SplittableRandom random) {
        return random.nextDouble() < noise ? !label : label;
    }

    private static LabelledExample example(String[] names, double[] x, boolean positive) {
        return new LabelledExample(new FeatureVector(names, x), positive ? "1" : "0");
    }
}

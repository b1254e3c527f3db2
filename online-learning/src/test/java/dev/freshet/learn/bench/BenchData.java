package dev.freshet.learn.bench;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A fixed, seeded linear concept over 20 dense standard-normal features with 5% label noise. */
final class BenchData {

    static final int FEATURES = 20;
    static final int EXAMPLES = 100_000;

    private BenchData() {}

    static List<LabelledExample> examples() {
        SplittableRandom random = new SplittableRandom(17);
        String[] names = new String[FEATURES];
        double[] weights = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            names[j] = "f" + j;
            weights[j] = random.nextGaussian();
        }
        List<LabelledExample> out = new ArrayList<>(EXAMPLES);
        for (int i = 0; i < EXAMPLES; i++) {
            double[] x = new double[FEATURES];
            double score = 0;
            for (int j = 0; j < FEATURES; j++) {
                x[j] = random.nextGaussian() * 3 + 1;
                score += weights[j] * x[j];
            }
            boolean positive = score > 0 ^ random.nextDouble() < 0.05;
            out.add(new LabelledExample(new FeatureVector(names, x), positive ? "1" : "0"));
        }
        return out;
    }
}

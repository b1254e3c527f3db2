package dev.freshet.registry;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Models and manifests for registry tests: a linear model over 20 features, made quickly. */
final class Fixtures {

    static final int FEATURES = 20;

    private Fixtures() {}

    static NetworkLearner trainedLearner(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = IntStream.range(0, FEATURES).mapToObj(i -> "f" + i).toArray(String[]::new);
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear());
        for (int i = 0; i < 500; i++) {
            double[] x = random.doubles(FEATURES).toArray();
            learner.learn(new LabelledExample(new FeatureVector(names, x), x[0] + x[1] > 1 ? "busy" : "quiet"));
        }
        return learner;
    }

    /** A snapshot whose bytes are unique to {@code tag} (the tag is in its provenance). */
    static LearnerSnapshot snapshot(NetworkLearner learner, String tag) {
        return learner.snapshot("test", Map.of("tag", tag));
    }

    static ManifestDraft draft(Long parent, double accuracy) {
        List<String> features = IntStream.range(0, FEATURES).mapToObj(i -> "f" + i).toList();
        return new ManifestDraft("linear", LearnerSettings.linear().asMap(), new FeatureSchemaRef("drone", 1, features),
                List.of("busy", "quiet"), Map.of("rolling.accuracy", accuracy, "rolling.logLoss", 0.3),
                Map.of("freshet.examples", Map.of(0, 500L, 1, 480L)), 980, parent);
    }
}

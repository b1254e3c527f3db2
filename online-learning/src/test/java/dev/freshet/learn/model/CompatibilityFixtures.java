package dev.freshet.learn.model;

import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.Streams;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the checked-in models that {@link ModelCompatibilityTest} loads: run once when the format
 * version changes, never by the build. {@code main(outputDir)}.
 */
public final class CompatibilityFixtures {

    private CompatibilityFixtures() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<LabelledExample> rows = Streams.breastCancer();
        for (LearnerSettings settings : List.of(LearnerSettings.linear(), LearnerSettings.mlp())) {
            NetworkLearner learner = OnlineLearners.create(settings);
            learner.learn(rows.subList(0, 400));
            LearnerSnapshot snapshot = learner.snapshot("csv:breast-cancer-wisconsin", Map.of("fixture", "v0"));
            String name = settings.algorithm() + "-v" + OnlineNetworkModel.CURRENT_VERSION;
            snapshot.model().serializeToFile(dir.resolve(name + ".pb"));
            Files.write(dir.resolve(name + ".state"), snapshot.trainingState());
            StringBuilder expected = new StringBuilder("row,p2\n");
            for (int i = 400; i < 420; i++) {
                expected.append(i).append(',').append(String.format(Locale.ROOT, "%.17g",
                        snapshot.model().predict(rows.get(i).features()).probability("2"))).append('\n');
            }
            Files.writeString(dir.resolve(name + ".expected.csv"), expected);
        }
    }
}

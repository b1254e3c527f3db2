package dev.freshet.inference.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.FeatureSchemaRef;
import dev.freshet.registry.Manifest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A served version with encodings: rows scored as the model scores them offline, unknown categories counted. */
class LoadedVersionTest {

    private static final String[] NAMES = {"type_a", "type_b", "hour"};

    @Test
    void anEncodedModelServesRowsExactlyAsItScoresOfflineAndCountsUnknownCategories() {
        Map<String, FeatureEncoding> encodings = new LinkedHashMap<>();
        encodings.put("hour", FeatureEncoding.categorical("hour", 0, 23));
        InputEncoding encoding = new InputEncoding(encodings, Map.of("type", List.of("type_a", "type_b")),
                List.of(List.of("type", "hour")));
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear().withEncoding(encoding));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 5_000; i++) {
            boolean a = random.nextBoolean();
            int hour = random.nextInt(24);
            boolean busy = a ? hour >= 11 && hour <= 14 : hour >= 18;
            learner.learn(new LabelledExample(new FeatureVector(NAMES, new double[] {a ? 1 : 0, a ? 0 : 1, hour}),
                    busy ? "busy" : "quiet"));
        }
        OnlineNetworkModel model = learner.snapshot().model();
        Manifest manifest = new Manifest("shops-linear", 3, 2L, Instant.now(), "linear",
                learner.settings().asMap(), new FeatureSchemaRef("shops", 2, List.of(NAMES)), List.of("busy", "quiet"),
                Map.of(), Map.of(), 5_000, null, null, "4.3.2");
        LoadedVersion served = LoadedVersion.of(manifest, model, 0.0);

        for (double[] row : List.of(new double[] {1, 0, 12}, new double[] {0, 1, 12}, new double[] {0, 1, 19},
                new double[] {1, 0, 3})) {
            Answer answer = served.predict(row);
            assertThat(answer.probabilities()).containsExactly(model.predict(new FeatureVector(NAMES, row)).probabilities());
        }
        assertThat(served.predict(new double[] {1, 0, 12}).label()).isEqualTo("busy");
        assertThat(served.predict(new double[] {0, 1, 12}).label()).isEqualTo("quiet");
        assertThat(served.encodings()).containsEntry("hour", FeatureEncoding.categorical("hour", 0, 23).describe())
                .containsEntry("cross.1", "type*hour");
        long before = served.unknownCategories().get("hour");
        served.predict(new double[] {1, 0, 25}); // an hour that does not exist: its unknown slot, never an error
        assertThat(served.unknownCategories()).containsEntry("hour", before + 1);
    }
}

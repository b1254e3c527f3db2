package dev.freshet.learn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.Streams;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Models written by an earlier build (format version 0, checked in) still load through Tribuo, predict
 * what they predicted then, and can be trained further from their saved state.
 */
class ModelCompatibilityTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"linear-v0", "mlp-v0"})
    void checkedInModelLoadsPredictsAsBeforeAndTrainsOn(String name) throws IOException {
        Path file = copy(name + ".pb");
        Model<Label> model = Model.deserializeFromFile(file).castModel(Label.class);
        assertThat(model).isInstanceOf(OnlineNetworkModel.class);
        OnlineNetworkModel online = (OnlineNetworkModel) model;
        assertThat(online.algorithm()).isEqualTo(name.substring(0, name.indexOf('-')));
        assertThat(online.weights().examplesSeen()).isEqualTo(400);

        List<LabelledExample> rows = Streams.breastCancer();
        List<String> expected = lines(name + ".expected.csv");
        for (String line : expected.subList(1, expected.size())) {
            String[] cells = line.split(",");
            LabelledExample row = rows.get(Integer.parseInt(cells[0]));
            assertThat(online.predict(row.features()).probability("2")).isCloseTo(Double.parseDouble(cells[1]), within(1e-12));
        }

        byte[] state = resource(name + ".state");
        NetworkLearner learner = OnlineLearners.restore(model, state);
        learner.learn(rows.subList(400, 699));
        assertThat(learner.examplesSeen()).isEqualTo(699);
    }

    /**
     * A linear model with a declared cross, published by the trainer before crosses gained their scale key
     * ({@code drone-linear} version 1 of a demo, 25,200 examples): it loads with its crosses as they were, and its
     * training state still belongs to it, so the trainer continues it after an upgrade.
     */
    @Test
    void aLinearModelWithCrossesFromBeforeTheScaleKeyContinuesFromItsState() throws IOException {
        Model<Label> model = Model.deserializeFromFile(copy("linear-crosses-v1.pb")).castModel(Label.class);
        OnlineNetworkModel online = (OnlineNetworkModel) model;
        assertThat(online.weights().encoding().crossScale())
                .isEqualTo(dev.freshet.learn.encode.InputEncoding.CrossScale.RAW);
        assertThat(online.weights().examplesSeen()).isEqualTo(25_200);

        NetworkLearner learner = OnlineLearners.restore(model, resource("linear-crosses-v1.state"));
        // The drone feature set of then: a cafe at 9 on a Monday.
        String[] names = {"type_fast_food", "type_cafe", "type_restaurant", "location_x", "location_y", "weekday",
                "hour", "noise_1", "noise_2", "noise_3"};
        double[] values = {0, 1, 0, 0.4, 0.6, 1, 9, 0.1, 0.2, 0.3};
        learner.learn(new LabelledExample(new dev.freshet.learn.FeatureVector(names, values),
                online.weights().labelNames().get(0)));
        assertThat(learner.examplesSeen()).isEqualTo(25_201);
    }

    private Path copy(String resource) throws IOException {
        Path file = dir.resolve(resource);
        Files.write(file, resource(resource));
        return file;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(ModelCompatibilityTest.class.getResourceAsStream(name), name)) {
            return in.readAllBytes();
        }
    }

    private static List<String> lines(String name) throws IOException {
        return new String(resource(name), StandardCharsets.UTF_8).lines().toList();
    }
}

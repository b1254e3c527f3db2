package dev.freshet.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.infra.InfraEndpoints;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.FeatureSchemaRef;
import dev.freshet.registry.ManifestDraft;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.store.MinioObjectStore;
import dev.freshet.testinfra.WithFreshetInfra;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.model.OnlineNetworkModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.transform.TransformedModel;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI on a real S3 server: list, show, promote, roll back, retain; messages and exit codes. */
@WithFreshetInfra
class ModelsCommandIT {

    private final InfraEndpoints endpoints;
    private String bucket;

    ModelsCommandIT(InfraEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @BeforeEach
    void publishThreeVersions() {
        bucket = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        ModelRegistry registry = new ModelRegistry(MinioObjectStore.connect(endpoints.s3Endpoint().toString(),
                endpoints.s3AccessKey(), endpoints.s3SecretKey(), endpoints.s3Region(), bucket), RegistrySettings.defaults());
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear());
        for (int i = 0; i < 50; i++) {
            learner.learn(new LabelledExample(new FeatureVector(new String[] {"x"}, new double[] {i}), i % 2 == 0 ? "a" : "b"));
        }
        for (int v = 1; v <= 3; v++) {
            LearnerSnapshot s = learner.snapshot("cli", Map.of("v", Integer.toString(v)));
            registry.publish("drone", s.modelBytes(), s.trainingState(), new ManifestDraft("linear", Map.of(),
                    new FeatureSchemaRef("drone", 1, List.of("x")), List.of("a", "b"),
                    Map.of("rolling.accuracy", 0.8 + v / 100.0), Map.of(), 50L * v, v == 1 ? null : (long) v - 1));
        }
    }

    @Test
    void listShowPromoteRollbackRetain() {
        Result models = run("list");
        assertThat(models.exit).as(models.err).isZero();
        assertThat(models.out.trim()).isEqualTo("drone");

        Result list = run("list", "drone");
        assertThat(list.exit).isZero();
        assertThat(list.out).contains("version", "accuracy", "0.8300", "latest");
        assertThat(list.out.lines().filter(l -> l.matches("\\s+[0-9]+\\s.*"))).hasSize(3);

        Result show = run("show", "drone", "2");
        assertThat(show.exit).isZero();
        assertThat(show.out).contains("\"version\" : 2", "\"parentVersion\" : 1", "\"sha256\"");
        assertThat(run("show", "drone", "latest").out).contains("\"version\" : 3");

        assertThat(run("promote", "drone", "1").out).contains("champion of drone now points at version 1");
        assertThat(run("promote", "drone", "3").out).contains("now points at version 3 (was 1)");
        assertThat(run("list", "drone").out).containsPattern("3 .*champion,latest");
        assertThat(run("rollback", "drone").out).contains("rolled back to version 1");
        assertThat(run("show", "drone", "champion").out).contains("\"version\" : 1");

        Result retain = run("retain", "drone", "--keep", "1", "--dry-run");
        assertThat(retain.out).contains("Would delete versions [2]");
        assertThat(run("retain", "drone", "--keep", "1").out).contains("Deleted versions [2]", "kept [1, 3]");
        assertThat(run("show", "drone", "2").exit).isEqualTo(ModelsCommand.EXIT_NOT_FOUND);
    }

    @Test
    void errorsAreClearWithTheirExitCodes() {
        Result missingVersion = run("promote", "drone", "9");
        assertThat(missingVersion.exit).isEqualTo(ModelsCommand.EXIT_NOT_FOUND);
        assertThat(missingVersion.err).contains("no published version 9");

        Result noHistory = run("rollback", "drone");
        assertThat(noHistory.exit).isEqualTo(ModelsCommand.EXIT_NOT_FOUND);
        assertThat(noHistory.err).contains("no alias 'champion'");

        Result unknownModel = run("list", "nope");
        assertThat(unknownModel.exit).isEqualTo(ModelsCommand.EXIT_NOT_FOUND);
        assertThat(unknownModel.out).contains("no published version");

        Result badName = run("show", "drone", "../../etc");
        assertThat(badName.exit).isEqualTo(1);
        assertThat(badName.err).contains("alias name");

        StringWriter err = new StringWriter();
        CommandLine cli = ModelsCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("list", "--endpoint", "", "--access-key", "", "--secret-key", "");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("S3_ENDPOINT", "infra.env");
    }

    @Test
    void exportsScoreOutsideFreshetAsTheRegistrysModelDoes(@TempDir Path dir) throws Exception {
        InputEncoding encoding = new InputEncoding(new LinkedHashMap<>(Map.of("hour",
                FeatureEncoding.categorical("hour", 0, 3))), Map.of(), List.of(List.of("hour", "x")));
        ModelRegistry registry = new ModelRegistry(MinioObjectStore.connect(endpoints.s3Endpoint().toString(),
                endpoints.s3AccessKey(), endpoints.s3SecretKey(), endpoints.s3Region(), bucket), RegistrySettings.defaults());
        for (LearnerSettings settings : List.of(LearnerSettings.linear().withEncoding(encoding), LearnerSettings.mlp())) {
            NetworkLearner learner = OnlineLearners.create(settings);
            for (int i = 0; i < 400; i++) {
                double hour = i % 4;
                learner.learn(new LabelledExample(new FeatureVector(new String[] {"hour", "x"},
                        new double[] {hour, i % 7}), hour == 1 == i % 7 > 3 ? "a" : "b"));
            }
            LearnerSnapshot s = learner.snapshot("cli", Map.of());
            registry.publish(settings.algorithm(), s.modelBytes(), s.trainingState(), new ManifestDraft(
                    settings.algorithm(), Map.of(), new FeatureSchemaRef("hours", 1, List.of("x", "hour")),
                    List.of("a", "b"), Map.of(), Map.of(), 400, null));
        }

        for (String kind : List.of("linear", "mlp")) {
            Path onnx = dir.resolve(kind + ".onnx");
            Result exported = run("export", kind, "latest", "--format", "onnx",
                    onnx.toString());
            assertThat(exported.exit).as(exported.err).isZero();
            assertThat(exported.out).contains("input 'features' [n, 2]: x, hour", "Wrote version 1 of " + kind);
            OnlineNetworkModel served = (OnlineNetworkModel) registry.load(kind, 1, Label.class).model();
            double[][] rows = {{3, 1}, {6, 1}, {2, 9}, {Double.NaN, 2}};
            try (OrtEnvironment env = OrtEnvironment.getEnvironment();
                 OrtSession session = env.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions());
                 OnnxTensor input = OnnxTensor.createTensor(env, rows);
                 OrtSession.Result result = session.run(Map.of("features", input))) {
                double[][] probabilities = (double[][]) result.get("probabilities").orElseThrow().getValue();
                for (int r = 0; r < rows.length; r++) {
                    FeatureVector features = Double.isNaN(rows[r][0])
                            ? new FeatureVector(new String[] {"hour"}, new double[] {rows[r][1]})
                            : new FeatureVector(new String[] {"x", "hour"}, rows[r]);
                    assertThat(probabilities[r]).containsExactly(served.predict(features).probabilities(),
                            Offset.offset(1e-6));
                }
            }
        }

        Path tribuo = dir.resolve("linear.tribuo");
        assertThat(run("export", "linear", "1", "--format", "tribuo", tribuo.toString()).exit).isZero();
        Model<?> plain = Model.deserializeFromFile(tribuo);
        assertThat(plain).isInstanceOf(TransformedModel.class);
        assertThat(((TransformedModel<?>) plain).getInnerModel()).isInstanceOf(LinearSGDModel.class);

        Result mlpAsTribuo = run("export", "mlp", "1", "--format", "tribuo", dir.resolve("mlp.tribuo").toString());
        assertThat(mlpAsTribuo.exit).as(mlpAsTribuo.err).isEqualTo(2);
        assertThat(mlpAsTribuo.err).contains("export it as ONNX");
        Result unknownFormat = run("export", "linear", "1", "--format", "pmml", dir.resolve("x").toString());
        assertThat(unknownFormat.exit).isEqualTo(2);
        assertThat(unknownFormat.err).contains("--format", "onnx, tribuo", "pmml");
        Result missing = run("export", "linear", "9", "--format", "onnx", dir.resolve("y.onnx").toString());
        assertThat(missing.exit).isEqualTo(ModelsCommand.EXIT_NOT_FOUND);
        assertThat(missing.err).contains("no published version 9");
        assertThat(dir.resolve("mlp.tribuo")).doesNotExist();
        assertThat(dir.resolve("y.onnx")).doesNotExist();
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", endpoints.s3Endpoint().toString(), "--access-key", endpoints.s3AccessKey(),
                "--secret-key", endpoints.s3SecretKey(), "--bucket", bucket));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ModelsCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {}
}

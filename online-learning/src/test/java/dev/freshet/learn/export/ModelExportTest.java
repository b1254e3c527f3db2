package dev.freshet.learn.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoder;
import dev.freshet.learn.encode.InputEncoding;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.learn.network.Activation;
import dev.freshet.learn.network.InputScale;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import ai.onnx.proto.OnnxMl;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/**
 * Exports scored outside Freshet: ONNX with ONNX Runtime, the linear model with Tribuo alone in a class loader that
 * cannot see Freshet. Both must give the served model's probabilities within 1e-6, on inputs that reach every part
 * of the encodings and the scaler: unknown categories, absent features, values beyond the clip.
 */
class ModelExportTest {

    private static final double TOLERANCE = 1e-6;
    /** Hours 8 to 12 one-hot, minutes as a circle, a group of both crossed with a number, and hours by minutes. */
    private static final InputEncoding ENCODING = new InputEncoding(ordered(FeatureEncoding.categorical("hour", 8, 12),
            FeatureEncoding.cyclical("minute", 60)), Map.of("when", List.of("hour", "minute")),
            List.of(List.of("when", "temp"), List.of("hour", "minute")));
    private static final String[] RAW = {"temp", "load", "hour", "minute"};

    @TempDir
    Path dir;

    @Test
    void onnxScoresAsTheServedModelDoesForEveryKindOfModel() throws Exception {
        Map<String, LearnerSettings> kinds = new LinkedHashMap<>();
        kinds.put("linear, encoded, crosses divided", LearnerSettings.linear().withEncoding(ENCODING));
        kinds.put("linear, encoded, crosses standardised", LearnerSettings.linear().withEncoding(
                new InputEncoding(ENCODING.encodings(), ENCODING.groups(), ENCODING.crosses(),
                        InputEncoding.CrossScale.RAW)));
        kinds.put("linear, plain", LearnerSettings.linear());
        kinds.put("mlp relu, encoded", LearnerSettings.mlp().withEncoding(ENCODING.withoutCrosses()));
        kinds.put("mlp tanh, plain", LearnerSettings.mlp().withActivation(Activation.TANH));
        kinds.put("mlp sigmoid, two layers", LearnerSettings.mlp().withHiddenSizes(8, 6)
                .withActivation(Activation.SIGMOID).withEncoding(ENCODING.withoutCrosses()));
        try (OrtEnvironment env = OrtEnvironment.getEnvironment()) {
            for (Map.Entry<String, LearnerSettings> kind : kinds.entrySet()) {
                OnlineNetworkModel model = trained(kind.getValue());
                List<String> columns = List.of("load", "unused", "minute", "hour", "temp"); // any order, extras ignored
                OnnxMl.ModelProto proto = OnnxExport.export(model, model.weights(), columns, "dev.freshet.test", 7);
                assertThat(metadata(proto, OnnxExport.FEATURES_KEY)).isEqualTo(String.join("\n", columns));
                assertThat(metadata(proto, OnnxExport.LABELS_KEY)).isEqualTo(String.join("\n",
                        model.weights().labelNames()));
                List<double[]> rows = probeRows(columns);
                double[][] onnx = score(env, proto.toByteArray(), rows);
                for (int r = 0; r < rows.size(); r++) {
                    double[] served = model.predict(present(columns, rows.get(r))).probabilities();
                    assertThat(onnx[r]).as("%s, row %s", kind.getKey(), Arrays.toString(rows.get(r)))
                            .containsExactly(served, org.assertj.core.data.Offset.offset(TOLERANCE));
                }
            }
        }
    }

    @Test
    void tribuosDefaultExportNamesTheModelsOwnInputs() throws Exception {
        OnlineNetworkModel model = trained(LearnerSettings.linear().withEncoding(ENCODING));
        assertThat(OnnxExport.inputs(model.weights())).containsExactlyInAnyOrder(RAW);
        OnnxMl.ModelProto proto = model.exportONNXModel("dev.freshet.test", 1);
        assertThat(proto.getGraph().getInput(0).getType().getTensorType().getElemType())
                .isEqualTo(OnnxMl.TensorProto.DataType.DOUBLE.getNumber());
        assertThatThrownBy(() -> OnnxExport.export(model, model.weights(), List.of("temp", "hour"), "d", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lack features the model needs")
                .hasMessageContaining("minute").hasMessageContaining("load");
    }

    @Test
    void aLinearModelLoadsAndScoresInTribuoAloneClipAndAbsentFeaturesIncluded() throws Exception {
        OnlineNetworkModel model = trained(LearnerSettings.linear().withEncoding(ENCODING));
        InputScale scale = model.weights().inputScale();
        Path file = dir.resolve("linear.tribuo");
        Files.write(file, TribuoLinearExport.export(model, model.weights()).serialize().toByteArray());

        try (URLClassLoader tribuoOnly = tribuoOnlyClassLoader()) {
            assertThatThrownBy(() -> tribuoOnly.loadClass(OnlineNetworkModel.class.getName()))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> modelClass = tribuoOnly.loadClass("org.tribuo.Model");
            Object loaded = modelClass.getMethod("deserializeFromFile", Path.class).invoke(null, file);
            assertThat(loaded.getClass().getName()).isEqualTo("org.tribuo.transform.TransformedModel");
            Object inner = loaded.getClass().getMethod("getInnerModel").invoke(loaded);
            assertThat(inner.getClass().getName()).isEqualTo("org.tribuo.classification.sgd.linear.LinearSGDModel");
            Scorer tribuo = new Scorer(tribuoOnly, loaded);
            InputEncoder encoder = new InputEncoder(ENCODING);
            List<String> columns = List.of(RAW);
            boolean clipped = false;
            for (double[] row : probeRows(columns)) {
                FeatureVector raw = present(columns, row);
                FeatureVector encoded = encoder.encode(raw, false);
                Map<String, Double> scores = tribuo.score(encoded.names(), encoded.values());
                double[] served = model.predict(raw).probabilities();
                for (int k = 0; k < served.length; k++) {
                    assertThat(scores.get(model.weights().labelNames().get(k))).as(Arrays.toString(row))
                            .isCloseTo(served[k], org.assertj.core.data.Offset.offset(TOLERANCE));
                }
                int temp = model.weights().featureIndex("temp");
                clipped |= !Double.isNaN(row[0]) && Math.abs(scale.apply(temp, row[0])) == scale.clip();
            }
            assertThat(clipped).as("the probe reaches the clip").isTrue();
        }
    }

    @Test
    void anMlpHasNoTribuoCounterpart() {
        OnlineNetworkModel model = trained(LearnerSettings.mlp());
        assertThatThrownBy(() -> TribuoLinearExport.export(model, model.weights()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("export it as ONNX");
    }

    /** Three labels from hour, minute and temperature, with unknown hours and temperature outliers in training. */
    private static OnlineNetworkModel trained(LearnerSettings settings) {
        NetworkLearner learner = OnlineLearners.create(settings.withSeed(3));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 3_000; i++) {
            double hour = random.nextInt(20) == 0 ? 14 : 8 + random.nextInt(5);
            double minute = random.nextInt(60);
            double temp = random.nextInt(50) == 0 ? 400 : 20 + 5 * random.nextGaussian();
            double load = random.nextDouble();
            String label = hour >= 11 ? "late" : Math.cos(2 * Math.PI * minute / 60) > 0 == temp > 20 ? "a" : "b";
            learner.learn(new LabelledExample(new FeatureVector(RAW, new double[] {temp, load, hour, minute}), label));
        }
        return learner.snapshot().model();
    }

    /** Rows in {@code columns} order: ordinary ones, unknown and fractional hours, outliers, absences (NaN), -0.0. */
    private static List<double[]> probeRows(List<String> columns) {
        SplittableRandom random = new SplittableRandom(5);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("temp", switch (i % 6) {
                case 0 -> 1e4;
                case 1 -> -300.0;
                default -> 20 + 5 * random.nextGaussian();
            });
            row.put("load", i % 7 == 0 ? -0.0 : random.nextDouble());
            row.put("hour", switch (i % 5) {
                case 0 -> 7.0;
                case 1 -> 10.5;
                default -> 8.0 + random.nextInt(5);
            });
            row.put("minute", random.nextDouble() * 120 - 30);
            row.put("unused", random.nextDouble());
            if (i % 4 == 1) { // one feature absent in a quarter of the rows, each in turn
                row.put(RAW[(i / 4) % RAW.length], Double.NaN);
            }
            rows.add(columns.stream().mapToDouble(row::get).toArray());
        }
        return rows;
    }

    /** The features of a row that are not NaN, as the served model receives them. */
    private static FeatureVector present(List<String> columns, double[] row) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int c = 0; c < row.length; c++) {
            if (!Double.isNaN(row[c])) {
                names.add(columns.get(c));
                values.add(row[c]);
            }
        }
        return new FeatureVector(names.toArray(String[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double[][] score(OrtEnvironment env, byte[] model, List<double[]> rows) throws Exception {
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, rows.toArray(double[][]::new));
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            return (double[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
        }
    }

    private static String metadata(OnnxMl.ModelProto proto, String key) {
        return proto.getMetadataPropsList().stream().filter(e -> e.getKey().equals(key)).findFirst().orElseThrow()
                .getValue();
    }

    private static Map<String, FeatureEncoding> ordered(FeatureEncoding... encodings) {
        Map<String, FeatureEncoding> map = new LinkedHashMap<>();
        for (FeatureEncoding e : encodings) {
            map.put(e.feature(), e);
        }
        return map;
    }

    /** Tribuo, OLCUT and protobuf from the test class path, and nothing of Freshet's. */
    private static URLClassLoader tribuoOnlyClassLoader() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("tribuo-") || name.startsWith("olcut-") || name.startsWith("protobuf-java")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** A Tribuo model of another class loader, scored by reflection. */
    private static final class Scorer {
        private final Object model;
        private final Method predict;
        private final java.lang.reflect.Constructor<?> example;
        private final Object unknown;

        Scorer(ClassLoader loader, Object model) throws Exception {
            this.model = model;
            Class<?> exampleClass = loader.loadClass("org.tribuo.Example");
            this.predict = loader.loadClass("org.tribuo.Model").getMethod("predict", exampleClass);
            this.example = loader.loadClass("org.tribuo.impl.ArrayExample")
                    .getConstructor(loader.loadClass("org.tribuo.Output"), String[].class, double[].class);
            this.unknown = loader.loadClass("org.tribuo.classification.LabelFactory").getField("UNKNOWN_LABEL").get(null);
        }

        Map<String, Double> score(String[] names, double[] values) throws Exception {
            Object prediction = predict.invoke(model, example.newInstance(unknown, names, values));
            Map<?, ?> scores = (Map<?, ?>) prediction.getClass().getMethod("getOutputScores").invoke(prediction);
            Map<String, Double> result = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : scores.entrySet()) {
                result.put((String) e.getKey(), (Double) e.getValue().getClass().getMethod("getScore").invoke(e.getValue()));
            }
            return result;
        }
    }
}

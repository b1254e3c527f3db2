package dev.freshet.registry.quarkus.bench;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.infra.InfraEndpoints;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import dev.freshet.registry.FeatureSchemaRef;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ManifestDraft;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.quarkus.RegistryHttpClient;
import dev.freshet.registry.store.MinioObjectStore;
import dev.freshet.testinfra.SharedInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.tribuo.classification.Label;

/**
 * Publish plus load of a 20-feature linear model through the registry on loopback (S3Proxy from
 * deploy/local), against the baseline of the same run: one plain S3 put and get of the same bytes. The MinIO client
 * is built as the quarkus-minio extension builds the services' one, over {@link RegistryHttpClient}.
 * Prints median and spread in milliseconds and records them for the benchmark report. Target: median at most 50 ms.
 */
public final class PublishLoadBenchmark {

    private static final int WARMUP = 50;
    private static final int MEASURED = 200;

    private PublishLoadBenchmark() {}

    public static void main(String[] args) {
        InfraEndpoints e = SharedInfra.endpoints();
        MinioClient client = MinioClient.builder().endpoint(e.s3Endpoint().toString())
                .credentials(e.s3AccessKey(), e.s3SecretKey()).region(e.s3Region())
                .httpClient(new RegistryHttpClient(new SimpleMeterRegistry()).apply("<default>").orElseThrow()).build();
        MinioObjectStore store = new MinioObjectStore(client, "bench-registry");
        ModelRegistry registry = new ModelRegistry(store, RegistrySettings.defaults());
        NetworkLearner learner = trained();
        List<String> features = IntStream.range(0, 20).mapToObj(i -> "f" + i).toList();
        ManifestDraft draft = new ManifestDraft("linear", LearnerSettings.linear().asMap(),
                new FeatureSchemaRef("bench", 1, features), List.of("0", "1"), Map.of("rolling.accuracy", 0.9),
                Map.of("freshet.examples", Map.of(0, 1L)), 5_000, null);
        LearnerSnapshot snapshot = learner.snapshot();
        byte[] model = snapshot.modelBytes();
        byte[] state = snapshot.trainingState();
        store.ensureBucket();

        double[] registryMs = new double[MEASURED];
        double[] baselineMs = new double[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long start = System.nanoTime();
            Manifest published = registry.publish("bench-linear", model, state, draft);
            registry.load("bench-linear", published.version(), Label.class);
            long middle = System.nanoTime();
            store.put("baseline/model.pb", model, "application/octet-stream");
            store.get("baseline/model.pb", Long.MAX_VALUE);
            long end = System.nanoTime();
            if (i >= WARMUP) {
                registryMs[i - WARMUP] = (middle - start) / 1e6;
                baselineMs[i - WARMUP] = (end - middle) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "model %,d bytes, training state %,d bytes, %d measured after %d warm-up%n",
                model.length, state.length, MEASURED, WARMUP);
        System.out.println("| operation | median | p10–p90 | min–max |");
        System.out.println("|---|---|---|---|");
        row("registry publish + load (claim, model, state, manifest; manifest, model, checks, parse)", registryMs);
        row("baseline: one S3 put + get of the model bytes", baselineMs);
        System.out.printf(Locale.ROOT, "ratio of medians: %.1fx%n", median(registryMs) / median(baselineMs));
        BenchRecorder.start(PublishLoadBenchmark.class, "Model registry: publish and load", 4)
                .setup(String.format(Locale.ROOT, "Publish plus load of a 20-feature linear model (%,d bytes) and its "
                        + "training state (%,d bytes) through the registry on loopback (S3Proxy from deploy/local): "
                        + "claim, model, state, manifest (If-None-Match); then manifest, model, size and SHA-256 checks, "
                        + "parse. %d warm-up then %d measured rounds in one run; median and min–max over the %d per-round "
                        + "samples of this run. Baseline, in the same rounds: one plain S3 PUT and GET of the same model "
                        + "bytes through the same client, a MinioClient over the HTTP client the services' "
                        + "quarkus-minio extension is given (RegistryHttpClient: TCP_NODELAY sockets, request "
                        + "metrics).", model.length, state.length, WARMUP, MEASURED, MEASURED))
                .figure(Figure.of("registry publish + load, 20-feature linear model", "ms", Stats.of(registryMs))
                        .target(Target.atMost(50, "issue 4"))
                        .baseline("one S3 PUT + GET", "ms", Stats.of(baselineMs)))
                .note(String.format(Locale.ROOT, "p10–p90 of the rounds: registry %.1f–%.1f ms, baseline %.1f–%.1f ms.",
                        percentile(registryMs, 10), percentile(registryMs, 90), percentile(baselineMs, 10),
                        percentile(baselineMs, 90)))
                .write();
        System.exit(0);
    }

    private static NetworkLearner trained() {
        SplittableRandom random = new SplittableRandom(5);
        String[] names = IntStream.range(0, 20).mapToObj(i -> "f" + i).toArray(String[]::new);
        NetworkLearner learner = OnlineLearners.create(LearnerSettings.linear());
        for (int i = 0; i < 5_000; i++) {
            double[] x = random.doubles(20).toArray();
            learner.learn(new LabelledExample(new FeatureVector(names, x), x[0] > 0.5 ? "1" : "0"));
        }
        return learner;
    }

    private static void row(String name, double[] ms) {
        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f–%.1f ms | %.1f–%.1f ms |%n", name, median(ms),
                percentile(ms, 10), percentile(ms, 90), percentile(ms, 0), percentile(ms, 100));
    }

    private static double median(double[] ms) {
        return percentile(ms, 50);
    }

    /** The sample at {@code p} percent of the sorted samples (0: the smallest, 100: the largest). */
    private static double percentile(double[] ms, int p) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }
}

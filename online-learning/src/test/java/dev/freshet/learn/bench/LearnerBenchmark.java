package dev.freshet.learn.bench;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.learn.train.NetworkLearner;
import dev.freshet.learn.train.OnlineLearners;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Learning throughput on one thread (examples per second, 20 dense features) for batches of 100 and
 * 1,000 examples, linear and mlp [32]; and single-prediction latency.
 */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LearnerBenchmark {

    @Param({"linear", "mlp"})
    String algorithm;

    @Param({"100", "1000"})
    int batch;

    List<LabelledExample> data;
    NetworkLearner learner;
    OnlineNetworkModel model;
    int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        data = BenchData.examples();
        learner = OnlineLearners.create(settings(algorithm));
        learner.learn(data.subList(0, 10_000));
        model = learner.snapshot().model();
    }

    /** The settings measured for the {@code algorithm} parameter: the defaults of each. */
    static LearnerSettings settings(String algorithm) {
        return LearnerSettings.LINEAR.equals(algorithm) ? LearnerSettings.linear() : LearnerSettings.mlp();
    }

    private List<LabelledExample> nextBatch() {
        if (cursor + batch > data.size()) {
            cursor = 0;
        }
        List<LabelledExample> slice = data.subList(cursor, cursor + batch);
        cursor += batch;
        return slice;
    }

    /** Batches learned per second (examples per second = score x batch). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void learnBatch(Blackhole hole) {
        List<LabelledExample> slice = nextBatch();
        learner.learn(slice);
        hole.consume(learner.examplesSeen());
    }

    /** Test-then-train, as the trainer runs it: prediction and learning per example. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void testThenLearnBatch(Blackhole hole) {
        for (LabelledExample e : nextBatch()) {
            hole.consume(learner.testThenLearn(e));
        }
    }

    /** One prediction by the immutable model that inference serves. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ClassPrediction predictOne() {
        LabelledExample e = data.get(cursor++ % data.size());
        return model.predict(e.features());
    }
}

package dev.freshet.learn.bench;

import dev.freshet.learn.LabelledExample;
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
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The baseline measured in the same run: Tribuo 4.3.2's own {@link LinearSGDTrainer} (logistic loss,
 * constant-rate SGD, one epoch, minibatch 1) trained per batch from scratch, which is what calling
 * {@code train()} per mini-batch costs. Examples per second on the same data as {@link LearnerBenchmark}.
 */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TribuoBaselineBenchmark {

    @Param({"100", "1000"})
    int batch;

    List<MutableDataset<Label>> batches;
    LinearSGDTrainer trainer;
    int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        List<LabelledExample> data = BenchData.examples();
        LabelFactory factory = new LabelFactory();
        batches = new java.util.ArrayList<>();
        for (int start = 0; start + batch <= data.size(); start += batch) {
            MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("bench", factory), factory);
            for (LabelledExample e : data.subList(start, start + batch)) {
                dataset.add(new ArrayExample<>(new Label(e.label()), e.features().names(), e.features().values()));
            }
            batches.add(dataset);
        }
        trainer = new LinearSGDTrainer(new LogMulticlass(), SGD.getSimpleSGD(0.005), 1, batch + 1, 1, 1L);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object trainBatch() {
        MutableDataset<Label> dataset = batches.get(cursor++ % batches.size());
        return trainer.train(dataset);
    }
}

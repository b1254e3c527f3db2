package dev.freshet.learn.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.IncompatibleSnapshotException;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.network.OptimizerKind;
import dev.freshet.learn.network.TrainableNetwork;
import dev.freshet.learn.encode.InputEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * Shared configuration of the online trainers. A trainer is a Tribuo {@link Trainer} (train a model on a
 * dataset, in its order, one example at a time) and a factory of {@link NetworkLearner}s that keep
 * learning from a stream. Its {@code @Config} fields land in every model's provenance.
 */
public abstract class OnlineTrainer implements Trainer<Label> {

    @Config(description = "Update rule: sgd, adagrad or adam.")
    protected OptimizerKind optimizer = OptimizerKind.ADAM;

    @Config(description = "Step size of the update rule.")
    protected double learningRate;

    @Config(description = "L2 penalty on weights (not biases), per example.")
    protected double l2 = 0.0;

    @Config(description = "Standardised inputs are clipped to plus or minus this.")
    protected double clip = 10.0;

    @Config(description = "Seed of the deterministic initial weights.")
    protected long seed = 1L;

    @Config(description = "How features become inputs: feature=encoding, group.NAME=members, cross.N=factors.")
    protected List<String> encoding = new ArrayList<>();

    @Config(description = "Recent examples kept to replay (0: no replay).")
    protected int replayWindow = 0;

    @Config(description = "Recent examples replayed after each new one.")
    protected int replayPerExample = 0;

    private int invocationCount;

    protected OnlineTrainer() {}

    /** The hyper-parameters as one value. */
    public abstract LearnerSettings settings();

    /** A learner with fresh weights. */
    public NetworkLearner newLearner() {
        return new NetworkLearner(this, new TrainableNetwork(settings()));
    }

    /**
     * A learner continuing from a snapshot of this trainer's kind.
     *
     * @throws IncompatibleSnapshotException when the snapshot is of another algorithm or shape
     */
    public NetworkLearner restore(Model<?> model, byte[] trainingState) {
        NetworkLearner learner = OnlineLearners.restore(model, trainingState);
        if (!learner.algorithm().equals(settings().algorithm())) {
            throw new IncompatibleSnapshotException("snapshot of a " + learner.algorithm() + " learner cannot be "
                    + "restored into a " + settings().algorithm() + " trainer");
        }
        return learner;
    }

    /** The one trainer that produces learners with {@code settings}. */
    public static OnlineTrainer forSettings(LearnerSettings settings) {
        return LearnerSettings.LINEAR.equals(settings.algorithm())
                ? new OnlineLinearTrainer(settings) : new OnlineMlpTrainer(settings);
    }

    void setCommon(LearnerSettings settings) {
        optimizer = settings.optimizer();
        learningRate = settings.learningRate();
        l2 = settings.l2();
        clip = settings.clip();
        seed = settings.seed();
        encoding = new ArrayList<>();
        settings.encoding().asMap().forEach((key, value) -> encoding.add(key + "=" + value));
        replayWindow = settings.replay().window();
        replayPerExample = settings.replay().perExample();
    }

    /** The settings every algorithm shares, over {@code base}. */
    LearnerSettings withCommon(LearnerSettings base) {
        Map<String, String> encodingMap = new LinkedHashMap<>();
        for (String entry : encoding) {
            int eq = entry.indexOf('=');
            encodingMap.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return base.withOptimizer(optimizer, learningRate).withL2(l2).withSeed(seed)
                .withEncoding(InputEncoding.fromMap(encodingMap))
                .withReplay(new LearnerSettings.Replay(replayWindow, replayPerExample));
    }

    @Override
    public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance,
                                           int invocationCount) {
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            this.invocationCount = invocationCount;
        }
        this.invocationCount++;
        NetworkLearner learner = newLearner();
        for (Example<Label> example : examples) {
            learner.learn(toLabelledExample(example));
        }
        return learner.freeze(examples.getProvenance(), runProvenance);
    }

    /** A Tribuo example as a named feature vector with its label. */
    static LabelledExample toLabelledExample(Example<Label> example) {
        String[] names = new String[example.size()];
        double[] values = new double[example.size()];
        int i = 0;
        for (Feature feature : example) {
            names[i] = feature.getName();
            values[i] = feature.getValue();
            i++;
        }
        return new LabelledExample(new FeatureVector(names, values), example.getOutput().getLabel());
    }

    @Override
    public int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int count) {
        this.invocationCount = count;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + settings();
    }
}

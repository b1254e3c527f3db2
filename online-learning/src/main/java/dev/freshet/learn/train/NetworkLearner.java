package dev.freshet.learn.train;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.LearnerSnapshot;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.model.OnlineLinearModel;
import dev.freshet.learn.model.OnlineMlpModel;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.learn.model.StreamProvenance;
import dev.freshet.learn.network.NetworkWeights;
import dev.freshet.learn.network.TrainableNetwork;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;

/**
 * The {@link OnlineLearner} of both algorithms: a {@link TrainableNetwork}, the trainer that made it, and, when the
 * settings ask for replay, the window of recent examples each update mixes in.
 */
public final class NetworkLearner implements OnlineLearner {

    private final OnlineTrainer trainer;
    private final TrainableNetwork network;
    /** Null when replay is off. */
    private final ReplayWindow replay;

    NetworkLearner(OnlineTrainer trainer, TrainableNetwork network) {
        this(trainer, network, network.settings().replay().enabled()
                ? new ReplayWindow(network.settings().replay(), network.settings().seed()) : null);
    }

    NetworkLearner(OnlineTrainer trainer, TrainableNetwork network, ReplayWindow replay) {
        this.trainer = trainer;
        this.network = network;
        this.replay = replay;
    }

    public LearnerSettings settings() {
        return network.settings();
    }

    @Override
    public String algorithm() {
        return network.settings().algorithm();
    }

    @Override
    public ClassPrediction predict(FeatureVector features) {
        return network.predict(features);
    }

    @Override
    public void learn(LabelledExample example) {
        network.learn(example.features(), example.label(), false);
        rehearse(example);
    }

    @Override
    public ClassPrediction testThenLearn(LabelledExample example) {
        ClassPrediction prediction = network.learn(example.features(), example.label(), true);
        rehearse(example);
        return prediction;
    }

    /** After a new example: replays recent ones, then keeps the new one among them. */
    private void rehearse(LabelledExample example) {
        if (replay == null) {
            return;
        }
        if (replay.size() > 0) {
            for (int i = 0; i < replay.perExample(); i++) {
                LabelledExample again = replay.draw();
                network.relearn(again.features(), again.label());
            }
        }
        replay.add(example);
    }

    @Override
    public Map<String, Long> unknownCategories() {
        return network.unknownCategories();
    }

    @Override
    public long examplesSeen() {
        return network.examplesSeen();
    }

    @Override
    public List<String> featureNames() {
        return network.featureNames();
    }

    @Override
    public List<String> labelNames() {
        return network.labelNames();
    }

    @Override
    public OnlineLearner frozenCopy() {
        // Never trained: no replay window to keep.
        return new NetworkLearner(trainer, TrainableNetwork.restore(network.settings(), network.freeze(),
                network.firstMoments(), network.secondMoments(), network.optimizerStep()), null);
    }

    @Override
    public NetworkLearner warmStart() {
        TrainableNetwork warm = TrainableNetwork.restore(network.settings(), network.freeze(),
                zeros(network.firstMoments()), zeros(network.secondMoments()), 0);
        return new NetworkLearner(trainer, warm); // an empty replay window: the old examples are what it leaves
    }

    @Override
    public NetworkLearner freshStart() {
        return new NetworkLearner(trainer, new TrainableNetwork(network.settings()));
    }

    private static List<double[]> zeros(List<double[]> shapes) {
        return shapes.stream().map(a -> new double[a.length]).toList();
    }

    @Override
    public LearnerSnapshot snapshot(String source, Map<String, String> runProvenance) {
        Map<String, Provenance> run = new LinkedHashMap<>();
        runProvenance.forEach((key, value) -> run.put(key, new StringProvenance(key, value)));
        NetworkWeights weights = network.freeze();
        OnlineNetworkModel model = model(weights, new StreamProvenance(source, weights.examplesSeen(),
                weights.featureNames().size(), weights.labelNames().size()), run);
        byte[] state = TrainingStates.write(network, replay, weights.fingerprint());
        return new LearnerSnapshot(model, state);
    }

    /** The current weights as a model trained on {@code dataset}; used by {@link OnlineTrainer#train}. */
    OnlineNetworkModel freeze(DatasetProvenance dataset, Map<String, Provenance> runProvenance) {
        return model(network.freeze(), dataset, runProvenance);
    }

    private OnlineNetworkModel model(NetworkWeights weights, DatasetProvenance dataset, Map<String, Provenance> run) {
        if (weights.labelNames().isEmpty()) {
            throw new IllegalStateException("nothing learned yet: a model needs at least one labelled example");
        }
        String className = LearnerSettings.LINEAR.equals(algorithm())
                ? OnlineLinearModel.class.getName() : OnlineMlpModel.class.getName();
        ModelProvenance provenance = new ModelProvenance(className, OffsetDateTime.now(), dataset,
                trainer.getProvenance(), run);
        String name = "freshet-" + algorithm();
        return LearnerSettings.LINEAR.equals(algorithm())
                ? OnlineLinearModel.of(name, provenance, weights)
                : OnlineMlpModel.of(name, provenance, weights);
    }

    TrainableNetwork network() {
        return network;
    }
}

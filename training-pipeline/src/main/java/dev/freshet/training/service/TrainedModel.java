package dev.freshet.training.service;

import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.drift.Adwin;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.MetricsReport;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.eval.PrequentialMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One configured model as the training loop drives it: the learner, where it stands in the stream (the next
 * offset to learn per partition, which is what a published version records), its prequential metrics and
 * drift detector, and a frozen copy of the serving champion scored on the same examples for the gate. Touched
 * only by the training loop's thread.
 */
final class TrainedModel {

    private final String name;
    private final LearnerSettings settings;
    private final OnlineLearner learner;
    private final PrequentialEvaluator evaluator;
    private final Map<Integer, Long> nextOffsets;
    private final RollingAccuracy candidateWindow;
    private final RollingAccuracy championWindow;
    private long examplesSeen;
    private Long version;
    private long learnedSincePublish;
    private long driftsSeen;
    private Long championVersion;
    private OnlineLearner champion;

    /**
     * @param nextOffsets  partition to the next offset this model learns
     * @param examplesSeen distinct examples learned across the lineage so far
     * @param version      the version this state was published as, or null when not yet published
     */
    TrainedModel(String name, LearnerSettings settings, OnlineLearner learner, Map<Integer, Long> nextOffsets,
                 long examplesSeen, Long version, int window) {
        this.name = name;
        this.settings = settings;
        this.learner = learner;
        this.evaluator = new PrequentialEvaluator(learner, new PrequentialMetrics(window, 0.0), List.of(new Adwin()), 0);
        this.nextOffsets = new TreeMap<>(nextOffsets);
        this.examplesSeen = examplesSeen;
        this.version = version;
        this.candidateWindow = new RollingAccuracy(window);
        this.championWindow = new RollingAccuracy(window);
    }

    String name() {
        return name;
    }

    LearnerSettings settings() {
        return settings;
    }

    OnlineLearner learner() {
        return learner;
    }

    /** The next offset to learn in {@code partition}; 0 for a partition never seen. */
    long nextOffset(int partition) {
        return nextOffsets.getOrDefault(partition, 0L);
    }

    Map<Integer, Long> nextOffsets() {
        return Map.copyOf(nextOffsets);
    }

    /** True when the record at this position is still to be learned by this model. */
    boolean wants(int partition, long offset) {
        return offset >= nextOffset(partition);
    }

    /**
     * Test, then train on one example at its position; a poison record ({@code example} null) only moves the
     * position past it.
     *
     * @return the drift detected on this example, or null
     */
    DriftEvent learn(int partition, long offset, LabelledExample example) {
        nextOffsets.put(partition, offset + 1);
        if (example == null) {
            return null;
        }
        return learn(example);
    }

    /** Test, then train, with no stream position (history). */
    DriftEvent learn(LabelledExample example) {
        if (champion != null) {
            ClassPrediction served = champion.predict(example.features());
            championWindow.record(example.label().equals(served.label()));
        }
        long drifts = evaluator.driftCount();
        ClassPrediction prediction = evaluator.process(example);
        candidateWindow.record(example.label().equals(prediction.label()));
        examplesSeen++;
        learnedSincePublish++;
        if (evaluator.driftCount() > drifts) {
            driftsSeen++;
            List<DriftEvent> events = evaluator.driftEvents();
            return events.get(events.size() - 1);
        }
        return null;
    }

    /** Trains only (later bootstrap epochs): the lineage's distinct example count does not change. */
    void trainAgain(LabelledExample example) {
        learner.learn(example);
    }

    /** Read by the metrics registry from another thread too: a stale value there is harmless. */
    long examplesSeen() {
        return examplesSeen;
    }

    long learnedSincePublish() {
        return learnedSincePublish;
    }

    Long version() {
        return version;
    }

    void published(long newVersion) {
        version = newVersion;
        learnedSincePublish = 0;
    }

    long driftsSeen() {
        return driftsSeen;
    }

    MetricsReport rolling() {
        return evaluator.metrics().rolling();
    }

    MetricsReport overall() {
        return evaluator.metrics().overall();
    }

    RollingAccuracy candidateWindow() {
        return candidateWindow;
    }

    RollingAccuracy championWindow() {
        return championWindow;
    }

    Long championVersion() {
        return championVersion;
    }

    /** From now on the champion is {@code scorer} (never trained): both windows start again on the same examples. */
    void championIs(Long newChampionVersion, OnlineLearner scorer) {
        championVersion = newChampionVersion;
        champion = scorer;
        candidateWindow.clear();
        championWindow.clear();
    }
}

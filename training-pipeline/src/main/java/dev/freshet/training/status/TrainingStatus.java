package dev.freshet.training.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /training/status} shows: the loop's state and, per model, its versions, metrics and speed.
 *
 * @param state      {@code starting}, {@code standby}, {@code training} or {@code failed}
 * @param message    what the trainer is doing or why it stopped
 * @param lag        examples on the topic not yet read, over all partitions (-1 when unknown)
 * @param poison     poison records dead-lettered since start
 */
public record TrainingStatus(String state, String message, String featureSet, String topic, long lag, long poison,
                             List<ModelStatus> models) {

    /**
     * One model.
     *
     * @param latestVersion          the last version this trainer published or resumed from, null before the first
     * @param champion               the version the champion alias points at, as last seen
     * @param examplesSeen           distinct examples learned across the lineage
     * @param rollingAccuracy        prequential accuracy over the gate's window: the examples since the champion
     *                               last moved, at most {@code gate.window} (what the gate compares)
     * @param championRollingAccuracy the champion's accuracy on the same recent examples (NaN when none)
     * @param examplesPerSecond      over the last second or so
     * @param lastDrift              detector, example number and time of the last drift, or null
     * @param unknownCategories      per categorical feature, examples learned since start whose value was none of
     *                               those declared (its encoding is among the hyper-parameters, {@code encoding.*})
     * @param confusion              the confusion matrix over the last {@code gate.window} examples, whichever
     *                               learner tested them (the model's accuracy over the last day of the drone stream)
     * @param driftWatch             warnings, the last one, signals during the warm-up, and the drift reaction
     */
    public record ModelStatus(String name, String algorithm, Map<String, String> hyperParameters, Long latestVersion,
                              Long champion, long examplesSeen, double rollingAccuracy, double rollingLogLoss,
                              long rollingExamples, double championRollingAccuracy, double prequentialAccuracy,
                              double examplesPerSecond, long drifts, Drift lastDrift, String lastGateDecision,
                              Map<String, Long> unknownCategories, Confusion confusion, DriftWatch driftWatch) {}

    /**
     * A drift the model's detector signalled.
     *
     * @param errorBefore the error rate before the change, as the detector saw it (NaN when not known)
     * @param errorAfter  the error rate after it
     */
    public record Drift(String detector, long example, Instant at, double errorBefore, double errorAfter) {}

    /**
     * A confusion matrix: {@code counts[i][j]} examples of true label {@code labels[i]} predicted as {@code labels[j]};
     * a last column counts examples with no prediction (before the model had seen a label).
     */
    public record Confusion(List<String> labels, long[][] counts) {}

    /**
     * @param reaction         none, challenger or reset
     * @param warnings         changes too small to be a drift since start
     * @param lastWarning      the last of them, or null
     * @param signalsInWarmUp  signals while the lineage was still warming up (not counted as drift)
     * @param challenger       the challenger learning beside the model, or null
     * @param challengersStarted  challengers started since start; promoted, dropped and resets likewise
     */
    public record DriftWatch(String reaction, long warnings, Drift lastWarning, long signalsInWarmUp,
                             Challenger challenger, long challengersStarted, long challengersPromoted,
                             long challengersDropped, long resets) {}

    /**
     * A challenger: how it started, since which example, and its accuracy beside the model's and the champion's on
     * the same examples.
     */
    public record Challenger(String start, long startedAtExample, long examples, double accuracy, double modelAccuracy,
                             double championAccuracy) {}
}

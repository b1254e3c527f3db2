package dev.freshet.training.service;

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
     * @param rollingAccuracy        prequential accuracy over the gate's window
     * @param championRollingAccuracy the champion's accuracy on the same recent examples (NaN when none)
     * @param examplesPerSecond      over the last second or so
     * @param lastDrift              detector, example number and time of the last drift, or null
     */
    public record ModelStatus(String name, String algorithm, Map<String, String> hyperParameters, Long latestVersion,
                              Long champion, long examplesSeen, double rollingAccuracy, double rollingLogLoss,
                              long rollingExamples, double championRollingAccuracy, double prequentialAccuracy,
                              double examplesPerSecond, long drifts, Drift lastDrift, String lastGateDecision) {}

    /** A drift the model's detector signalled. */
    public record Drift(String detector, long example, Instant at) {}
}

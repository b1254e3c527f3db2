package dev.freshet.pipeline.source.drone;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;

/**
 * One event of a source: what is known at event time (sent to {@code freshet.features} then) and the
 * labelled example (sent to {@code freshet.examples} at its label time, later).
 */
public record Observation(FeatureVectorMessage features, LabelledExampleMessage example) {}

package dev.freshet.contract;

/** The Kafka topics of the system. */
public final class Topics {

    /** Unlabelled feature vectors at event time, keyed by entity: what inference scores. */
    public static final String FEATURES = "freshet.features";
    /** The same vectors with their label once it is known, keyed by entity: what training learns. */
    public static final String EXAMPLES = "freshet.examples";
    /** Inference's answers. */
    public static final String PREDICTIONS = "freshet.predictions";
    /** Registry events: version published, alias moved, drift detected. */
    public static final String MODEL_EVENTS = "freshet.model-events";

    private Topics() {}
}

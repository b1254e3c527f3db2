package dev.freshet.contract;

/** The Kafka topics of the system. */
public final class Topics {

    /** Unlabelled feature vectors at event time, keyed by entity: what inference scores. */
    public static final String FEATURES = "freshet.features";
    /** The same vectors with their label once it is known, keyed by entity: what training learns. */
    public static final String EXAMPLES = "freshet.examples";
    /**
     * Held-out examples with their labels (a source's test split): inference scores every model version on them;
     * nothing learns from them.
     */
    public static final String TEST_EXAMPLES = "freshet.test-examples";
    /** Inference's answers. */
    public static final String PREDICTIONS = "freshet.predictions";
    /** Registry events: version published, alias moved, drift detected. */
    public static final String MODEL_EVENTS = "freshet.model-events";

    private Topics() {}
}

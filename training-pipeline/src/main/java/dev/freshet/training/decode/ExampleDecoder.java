package dev.freshet.training.decode;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureValidation;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.MalformedMessageException;
import dev.freshet.contract.MessageLimits;
import dev.freshet.contract.Messages;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a record of {@code freshet.examples} into a learner's example over the features known at prediction
 * time (features only known later never reach a model: inference would not have them), or says why it is
 * poison: not JSON, another feature set, times, ids or names out of {@link MessageLimits}, non-finite values, a
 * missing or undeclared feature (an image of another size), an unknown label.
 */
public final class ExampleDecoder {

    private final FeatureSet featureSet;
    private final String[] names;
    private final Set<String> labels;
    private final Set<String> declared;
    private final ExampleScanner scanner;
    private final MessageLimits limits;

    public ExampleDecoder(FeatureSet featureSet) {
        this(featureSet, MessageLimits.DEFAULT);
    }

    public ExampleDecoder(FeatureSet featureSet, MessageLimits limits) {
        this.featureSet = featureSet;
        this.limits = limits;
        // One names array for every example: the learner maps it to its inputs once.
        this.names = featureSet.predictionFeatures().toArray(String[]::new);
        this.labels = new HashSet<>(featureSet.labels());
        this.declared = new HashSet<>(featureSet.featureNames());
        List<String> later = featureSet.featureNames().stream().filter(f -> !featureSet.predictionFeatures().contains(f))
                .toList();
        this.scanner = new ExampleScanner(names, later, featureSet.name(), featureSet.labels(), limits);
    }

    /** The feature set decoded. */
    public FeatureSet featureSet() {
        return featureSet;
    }

    /** The example, or the reason it is poison. */
    public Decoded decode(byte[] value) {
        if (value == null) {
            return Decoded.poison("no value (a tombstone)");
        }
        try {
            Decoded fast = scanner.scan(value);
            return fast != null ? fast : decodeFully(value);
        } catch (RuntimeException e) {
            // A record the checks above missed is still one record: refused with what went wrong, never the trainer.
            return Decoded.poison("could not be decoded: " + e);
        }
    }

    /** Through the store's message reader: every form it accepts, every reason it gives. */
    public Decoded decodeFully(byte[] value) {
        if (value == null) {
            return Decoded.poison("no value (a tombstone)");
        }
        LabelledExampleMessage message;
        try {
            message = Messages.fromJson(value, LabelledExampleMessage.class);
        } catch (MalformedMessageException e) {
            return Decoded.poison(e.getMessage());
        }
        return decode(message);
    }

    /** The example of a message read from Kafka or the feature store, or the reason it is poison. */
    public Decoded decode(LabelledExampleMessage message) {
        if (!featureSet.name().equals(message.featureSet())) {
            return Decoded.poison("feature set '" + message.featureSet() + "', this trainer learns '"
                    + featureSet.name() + "'");
        }
        List<String> problems = new ArrayList<>(message.problems(limits, Instant.now()));
        if (!labels.contains(message.label())) {
            problems.add("label '" + message.label() + "' is not one of " + featureSet.labels());
        }
        Map<String, Double> features = message.features();
        // Undeclared features are refused too: an image of another size, say, is not learned on part of its pixels.
        for (String problem : FeatureValidation.problems(features, declared::contains, Arrays.asList(names))) {
            if (!problems.contains(problem)) { // a value that is not finite is reported by the message already
                problems.add(problem);
            }
        }
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            Double v = features.get(names[i]);
            values[i] = v == null ? 0 : v;
        }
        if (!problems.isEmpty()) {
            return Decoded.poison(String.join("; ", problems));
        }
        return new Decoded(new LabelledExample(new FeatureVector(names, values), message.label()), null,
                message.eventTime().toEpochMilli(), message.labelTime().toEpochMilli());
    }

    /**
     * A decoded record: the example with when its features were observed and its label became known, or the
     * reason it was refused.
     *
     * @param example     null when poison
     * @param poison      the reason, or null
     * @param eventMillis the example's event time, epoch milliseconds (0 when poison)
     * @param labelMillis its label time, epoch milliseconds (0 when poison)
     */
    public record Decoded(LabelledExample example, String poison, long eventMillis, long labelMillis) {
        static Decoded poison(String reason) {
            return new Decoded(null, reason, 0, 0);
        }

        public boolean isPoison() {
            return poison != null;
        }
    }
}

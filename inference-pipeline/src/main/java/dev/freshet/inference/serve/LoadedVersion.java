package dev.freshet.inference.serve;

import dev.freshet.contract.FeatureValidation;
import dev.freshet.learn.ClassPrediction;
import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelLoadException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * One loaded, verified version, immutable and shared by every request that took it: requests in flight keep
 * the version they started with while a newer one is swapped in. Requests are checked against the feature
 * schema of the manifest, the features the model was trained to predict from.
 */
public final class LoadedVersion {

    private final Manifest manifest;
    private final OnlineNetworkModel model;
    private final List<String> features;
    /** The schema's names, one array shared by every encoded request (an encoder lays it out once). */
    private final String[] featureArray;
    private final Map<String, Integer> position = new HashMap<>();
    /** Schema position to the network's input index (-1: a schema feature the model never saw). */
    private final int[] toInput;
    private final boolean[] present;
    private final double abstainBelow;
    private final Instant loadedAt = Instant.now();

    private LoadedVersion(Manifest manifest, OnlineNetworkModel model, double abstainBelow) {
        this.manifest = manifest;
        this.model = model;
        this.features = manifest.featureSchema().features();
        this.featureArray = features.toArray(String[]::new);
        this.abstainBelow = abstainBelow;
        this.toInput = new int[features.size()];
        int inputs = model.weights().featureNames().size();
        this.present = new boolean[inputs];
        for (int i = 0; i < features.size(); i++) {
            position.put(features.get(i), i);
            toInput[i] = model.weights().featureIndex(features.get(i));
            if (toInput[i] >= 0) {
                present[toInput[i]] = true;
            }
        }
    }

    /**
     * Checks that a loaded Tribuo model can be served with its manifest: one of Freshet's networks, a feature
     * schema to check requests against, the manifest's labels.
     *
     * @throws ModelLoadException when it cannot
     */
    public static LoadedVersion of(Manifest manifest, Model<Label> model, double abstainBelow) {
        String what = "version " + manifest.version() + " of '" + manifest.model() + "'";
        if (!(model instanceof OnlineNetworkModel network)) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_A_MODEL, what + " is a "
                    + model.getClass().getSimpleName() + ", not a Freshet network model");
        }
        if (manifest.featureSchema() == null || manifest.featureSchema().features().isEmpty()) {
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MANIFEST, what
                    + " has no feature schema to check requests against");
        }
        if (network.weights().labelNames().isEmpty()) {
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MANIFEST, what + " has learned no class yet");
        }
        return new LoadedVersion(manifest, network, abstainBelow);
    }

    public Manifest manifest() {
        return manifest;
    }

    public String name() {
        return manifest.model();
    }

    public long version() {
        return manifest.version();
    }

    public String featureSet() {
        return manifest.featureSchema().name();
    }

    public int schemaVersion() {
        return manifest.featureSchema().version();
    }

    /** The features a request must carry, in the order of a row. */
    public List<String> features() {
        return features;
    }

    public List<String> labels() {
        return model.weights().labelNames();
    }

    /** How the model encodes the features (one-hot, cyclical, crosses), as its manifest and provenance record it. */
    public Map<String, String> encodings() {
        return model.weights().encoding().asMap();
    }

    /** Per categorical feature, requests whose value was none of those declared, since this version was loaded. */
    public Map<String, Long> unknownCategories() {
        return model.weights().unknownCategories();
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Position of a feature in a row, or -1 when the schema does not have it. */
    public int position(String feature) {
        Integer at = position.get(feature);
        return at == null ? -1 : at;
    }

    /**
     * A row from named values: every schema feature, nothing else, all finite.
     *
     * @throws InvalidInputException naming every problem and the features expected
     */
    public double[] row(Map<String, Double> named) {
        List<String> problems = problems(named);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(withSchemaHint(problems));
        }
        double[] row = new double[features.size()];
        named.forEach((name, value) -> row[position(name)] = value);
        return row;
    }

    /** What keeps named values from being a row: unknown, missing or non-finite features. */
    public List<String> problems(Map<String, Double> named) {
        return FeatureValidation.problems(named, name -> position(name) >= 0, features);
    }

    /** Adds what the model expects, so that a caller can fix the request from the message alone. */
    public List<String> withSchemaHint(List<String> problems) {
        List<String> hinted = new ArrayList<>(problems);
        hinted.add(name() + " version " + version() + " expects the features " + features);
        return hinted;
    }

    /** Scores a row in {@link #features()} order; its values must be finite (see {@link #row}). */
    public Answer predict(double[] row) {
        ClassPrediction scored = model.weights().encoding().isNone() ? predictInputs(row)
                : model.weights().predict(new FeatureVector(featureArray, row));
        boolean abstained = scored.topProbability() < abstainBelow;
        return new Answer(name(), version(), scored.label(), scored.labels(), scored.probabilities(), abstained);
    }

    /** A model without encoding: the row's values are the network's inputs, mapped without building a vector. */
    private ClassPrediction predictInputs(double[] row) {
        double[] raw = new double[present.length];
        for (int i = 0; i < row.length; i++) {
            int j = toInput[i];
            if (j >= 0) {
                raw[j] = row[i];
            }
        }
        return model.weights().predictRaw(raw, present);
    }
}

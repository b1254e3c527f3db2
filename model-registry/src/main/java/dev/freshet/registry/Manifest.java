package dev.freshet.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything known about one published version. Written last, with {@code If-None-Match: *}: a version
 * exists once its manifest does.
 *
 * @param model           model name
 * @param version         version number, from 1
 * @param parentVersion   the version it continues, or null
 * @param createdAt       publish time
 * @param algorithm       e.g. {@code linear}
 * @param hyperParameters as strings
 * @param featureSchema   the feature set trained on
 * @param labels          the label set
 * @param metrics         metrics at publish time
 * @param kafkaOffsets    topic to partition to the next offset to learn
 * @param examplesSeen    examples learned across the lineage
 * @param artifact        the Tribuo model
 * @param trainingState   the optimiser state to continue from, or null
 * @param tribuoVersion   Tribuo version that wrote the model
 */
public record Manifest(String model, long version, Long parentVersion, Instant createdAt, String algorithm,
                       Map<String, String> hyperParameters, FeatureSchemaRef featureSchema, List<String> labels,
                       Map<String, Double> metrics, Map<String, Map<Integer, Long>> kafkaOffsets, long examplesSeen,
                       ArtifactRef artifact, ArtifactRef trainingState, String tribuoVersion) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** What is missing or wrong; empty when the manifest can be trusted. */
    public List<String> problems(String expectedModel, long expectedVersion) {
        List<String> problems = new ArrayList<>();
        if (model == null || model.isBlank()) {
            problems.add("model name missing");
        } else if (!model.equals(expectedModel)) {
            problems.add("names model '" + model + "', stored under '" + expectedModel + "'");
        }
        if (version != expectedVersion) {
            problems.add("names version " + version + ", stored under " + expectedVersion);
        }
        if (createdAt == null) {
            problems.add("created-at missing");
        }
        if (algorithm == null || algorithm.isBlank()) {
            problems.add("algorithm missing");
        }
        if (labels == null || labels.isEmpty()) {
            problems.add("label set missing");
        }
        checkArtifact("artifact", artifact, true, problems);
        checkArtifact("training state", trainingState, false, problems);
        return problems;
    }

    private static void checkArtifact(String what, ArtifactRef ref, boolean required, List<String> problems) {
        if (ref == null) {
            if (required) {
                problems.add(what + " missing");
            }
            return;
        }
        if (ref.key() == null || ref.key().isBlank()) {
            problems.add(what + " key missing");
        }
        if (ref.size() <= 0) {
            problems.add(what + " size missing");
        }
        if (ref.sha256() == null || !SHA256.matcher(ref.sha256()).matches()) {
            problems.add(what + " SHA-256 missing or malformed");
        }
    }

    /** A metric, if recorded. */
    public Double metric(String name) {
        return metrics == null ? null : metrics.get(name);
    }
}

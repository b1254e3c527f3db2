package dev.freshet.registry;

import java.util.List;
import java.util.Map;

/**
 * What a publisher says about a new version; the registry adds the model name, version number, time and
 * artifact checksums when it publishes.
 *
 * @param algorithm       e.g. {@code linear}, {@code mlp}
 * @param hyperParameters as strings
 * @param featureSchema   the feature set trained on
 * @param labels          the label set
 * @param metrics         metrics at publish time, e.g. {@code rolling.accuracy}
 * @param kafkaOffsets    topic to partition to the next offset to learn: where training continues
 * @param examplesSeen    examples learned across the version's lineage
 * @param parentVersion   the version this one continues, or null
 */
public record ManifestDraft(String algorithm, Map<String, String> hyperParameters, FeatureSchemaRef featureSchema,
                            List<String> labels, Map<String, Double> metrics,
                            Map<String, Map<Integer, Long>> kafkaOffsets, long examplesSeen, Long parentVersion) {}

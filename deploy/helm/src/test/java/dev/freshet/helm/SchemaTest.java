package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** values.schema.json and the chart's own checks refuse values that cannot work, naming the key. */
class SchemaTest {

    @Test
    void theSchemaIsDraft07AndClosedForTheServiceBlocks() throws Exception {
        JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Chart.read("values.schema.json"));

        assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        for (String block : new String[] {"featurePipeline", "training", "inference", "externalS3", "externalDatabase"}) {
            assertThat(schema.at("/properties/" + block + "/additionalProperties").asBoolean(true)).as(block).isFalse();
        }
    }

    @Test
    void refusesMoreThanOneTrainer() {
        assertThatThrownBy(() -> Chart.render(Chart.values("training.replicaCount", 2)))
                .hasMessageContaining("schema")
                .hasMessageContaining("training/replicaCount");
    }

    @Test
    void refusesAWrongType() {
        assertThatThrownBy(() -> Chart.render(Chart.values("inference.autoscaling.minReplicas", "lots")))
                .hasMessageContaining("inference/autoscaling/minReplicas");
    }

    @Test
    void refusesAnUnknownSourceKind() {
        assertThatThrownBy(() -> Chart.render(Chart.values("featurePipeline.source.kind", "kafka")))
                .hasMessageContaining("featurePipeline/source/kind");
    }

    @Test
    void refusesAnUnknownKeyInAServiceBlock() {
        assertThatThrownBy(() -> Chart.render(Chart.values("inference.replicas", 3)))
                .hasMessageContaining("inference")
                .hasMessageContaining("replicas");
    }

    @Test
    void refusesAnAbstentionThresholdOutsideZeroToOne() {
        assertThatThrownBy(() -> Chart.render(Chart.values("inference.abstainBelow", 1.5)))
                .hasMessageContaining("inference/abstainBelow");
        // helm --set gives fractions as strings: those are checked too, and accepted when they are numbers.
        assertThatThrownBy(() -> Chart.render(Chart.values("inference.abstainBelow", "high")))
                .hasMessageContaining("inference/abstainBelow");
        assertThat(Chart.render(Chart.values("inference.abstainBelow", "0.75")).config("inference-pipeline"))
                .containsEntry("FRESHET_INFERENCE_ABSTAIN_BELOW", "0.75");
    }

    @Test
    void refusesASourceOnMoreThanOneReplica() {
        assertThatThrownBy(() -> Chart.render(Chart.values("featurePipeline.replicaCount", 2)))
                .hasMessageContaining("featurePipeline.source.enabled=true")
                .hasMessageContaining("featurePipeline.replicaCount=1");
        // The sink alone may scale.
        assertThat(Chart.render(Chart.values("featurePipeline.replicaCount", 2, "featurePipeline.source.enabled", false))
                .deployment("feature-pipeline").at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void refusesFewerMaximumThanMinimumReplicas() {
        assertThatThrownBy(() -> Chart.render(Chart.values("inference.autoscaling.minReplicas", 4, "inference.autoscaling.maxReplicas", 2)))
                .hasMessageContaining("inference.autoscaling.maxReplicas");
    }

    @Test
    void refusesARootUserForTheServices() {
        assertThatThrownBy(() -> Chart.render(Chart.values("podSecurityContext.runAsUser", 0)))
                .hasMessageContaining("podSecurityContext/runAsUser");
        assertThatThrownBy(() -> Chart.render(Chart.values("containerSecurityContext.readOnlyRootFilesystem", false)))
                .hasMessageContaining("containerSecurityContext/readOnlyRootFilesystem");
    }

    @Test
    void checksTheBundledServersValuesWithTheirOwnSchemas() {
        assertThatThrownBy(() -> Chart.render(Chart.values("minio.auth.rootPassword", "short")))
                .hasMessageContaining("minio")
                .hasMessageContaining("rootPassword");
    }

    @Test
    void acceptsValidSettings() {
        Map<String, Object> values = Chart.values(
                "featurePipeline.source.kind", "crypto", "featurePipeline.source.rate", 50,
                "training.featureSet", "crypto", "training.models[0]", "linear",
                "inference.models[0]", "crypto-linear", "inference.models[1]", "crypto-mlp",
                "inference.abstainBelow", 0.7);

        Chart.Rendered rendered = Chart.render(values);

        assertThat(rendered.config("feature-pipeline")).containsEntry("FRESHET_PIPELINE_SOURCE_KIND", "crypto")
                .containsEntry("FRESHET_PIPELINE_SOURCE_RATE", "50");
        assertThat(rendered.config("training-pipeline")).containsEntry("FRESHET_TRAINING_FEATURE_SET", "crypto")
                .containsEntry("FRESHET_TRAINING_TRAIN", "linear");
        assertThat(rendered.config("inference-pipeline")).containsEntry("FRESHET_INFERENCE_MODELS", "crypto-linear,crypto-mlp")
                .containsEntry("FRESHET_INFERENCE_ABSTAIN_BELOW", "0.7");
    }
}

package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.helm.Chart.Rendered;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who scales and how: inference by an HPA, the sink by replicas, training never; disruption budgets to match. */
class ScalingTest {

    @Test
    void onlyInferenceHasAnAutoscalerAndItsDeploymentLeavesReplicasToIt() {
        Rendered rendered = Chart.render(Map.of());

        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).hasSize(1);
        JsonNode hpa = rendered.ofKind("HorizontalPodAutoscaler").get(0);
        assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("freshet-inference-pipeline");
        assertThat(rendered.has("Deployment", hpa.at("/spec/scaleTargetRef/name").asText())).isTrue();
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(5);
        assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
        assertThat(rendered.deployment("inference-pipeline").path("spec").has("replicas")).isFalse();
        assertThat(rendered.deployment("feature-pipeline").path("spec").has("replicas")).isTrue();
        assertThat(rendered.deployment("training-pipeline").path("spec").has("replicas")).isTrue();
    }

    @Test
    void autoscalingFollowsItsValues() {
        Rendered rendered = Chart.render(Chart.values("inference.autoscaling.minReplicas", 3,
                "inference.autoscaling.maxReplicas", 12, "inference.autoscaling.targetCPUUtilizationPercentage", 55,
                "inference.autoscaling.targetMemoryUtilizationPercentage", 80));

        JsonNode hpa = rendered.one("HorizontalPodAutoscaler", "freshet-inference-pipeline");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(12);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(55);
        assertThat(hpa.at("/spec/metrics/1/resource/name").asText()).isEqualTo("memory");
        assertThat(hpa.at("/spec/metrics/1/resource/target/averageUtilization").asInt()).isEqualTo(80);
    }

    @Test
    void withoutAutoscalingInferenceHasItsReplicaCount() {
        Rendered rendered = Chart.render(Chart.values("inference.autoscaling.enabled", false, "inference.replicaCount", 4));

        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(rendered.deployment("inference-pipeline").at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(rendered.deployment("inference-pipeline").at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(rendered.deployment("inference-pipeline").at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    }

    @Test
    void trainingRunsOneReplicaReplacedNeverOverlapped() {
        for (Rendered rendered : new Rendered[] {Chart.render(Map.of()), Chart.render(Chart.everything())}) {
            JsonNode training = rendered.deployment("training-pipeline");
            assertThat(training.at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(training.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
            assertThat(training.at("/spec/strategy/rollingUpdate").isMissingNode()).isTrue();
            assertThat(rendered.has("PodDisruptionBudget", "freshet-training-pipeline")).isFalse();
            assertThat(rendered.has("HorizontalPodAutoscaler", "freshet-training-pipeline")).isFalse();
        }
    }

    @Test
    void aFeaturePipelineWithASourceIsASingleReplicaReplacedNeverOverlapped() {
        Rendered rendered = Chart.render(Map.of());

        JsonNode pipeline = rendered.deployment("feature-pipeline");
        assertThat(rendered.config("feature-pipeline")).containsEntry("FRESHET_PIPELINE_SOURCE_ENABLED", "true");
        assertThat(pipeline.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(pipeline.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(rendered.has("PodDisruptionBudget", "freshet-feature-pipeline")).isFalse();
    }

    @Test
    void aSinkOnlyFeaturePipelineScalesWithABudget() {
        Rendered rendered = Chart.render(Chart.values("featurePipeline.source.enabled", false, "featurePipeline.replicaCount", 3));

        JsonNode pipeline = rendered.deployment("feature-pipeline");
        assertThat(rendered.config("feature-pipeline")).containsEntry("FRESHET_PIPELINE_SOURCE_ENABLED", "false");
        assertThat(pipeline.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(pipeline.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        JsonNode pdb = rendered.one("PodDisruptionBudget", "freshet-feature-pipeline");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(pipeline.at("/spec/selector/matchLabels"));
    }

    @Test
    void inferenceHasABudgetOnlyWhenAtLeastTwoReplicasRun() {
        Rendered byDefault = Chart.render(Map.of());
        Rendered oneMinimum = Chart.render(Chart.values("inference.autoscaling.minReplicas", 1));
        Rendered oneReplica = Chart.render(Chart.values("inference.autoscaling.enabled", false, "inference.replicaCount", 1));

        JsonNode pdb = byDefault.one("PodDisruptionBudget", "freshet-inference-pipeline");
        assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels"))
                .isEqualTo(byDefault.deployment("inference-pipeline").at("/spec/selector/matchLabels"));
        assertThat(oneMinimum.has("PodDisruptionBudget", "freshet-inference-pipeline")).isFalse();
        assertThat(oneReplica.has("PodDisruptionBudget", "freshet-inference-pipeline")).isFalse();
    }
}

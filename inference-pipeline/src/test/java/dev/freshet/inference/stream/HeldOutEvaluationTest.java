package dev.freshet.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.contract.Messages;
import dev.freshet.inference.config.InferenceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What reaches the held-out set: valid labelled examples, up to the bound; the rest counted, never kept. */
class HeldOutEvaluationTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HeldOutEvaluation evaluation = new HeldOutEvaluation(null, config(2), meters);

    private static InferenceConfig config(int maxExamples) {
        return new SmallRyeConfigBuilder().withMapping(InferenceConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withDefaultValue("freshet.inference.held-out.max-examples", Integer.toString(maxExamples))
                .build().getConfigMapping(InferenceConfig.class);
    }

    private static byte[] example(String id, String label) {
        Instant now = Instant.now();
        return Messages.toJson(new LabelledExampleMessage(id, "cells", 1, id, now, now, Map.of("size", 3.0), label));
    }

    @Test
    void badRecordsAreCountedAndSkippedAndTheSetStopsAtItsBound() {
        Instant now = Instant.now();
        evaluation.add(example("a", "benign"), now);
        evaluation.add("not json".getBytes(StandardCharsets.UTF_8), now);
        evaluation.add(null, now);
        evaluation.add("{\"eventId\":\"b\",\"features\":{\"size\":1}}".getBytes(StandardCharsets.UTF_8), now); // no label
        evaluation.add(example("c", "malignant"), now);
        evaluation.add(example("d", "benign"), now); // over the bound of 2

        assertThat(evaluation.size()).isEqualTo(2);
        assertThat(meters.counter("freshet.inference.held-out.refused").count()).isEqualTo(3);
        assertThat(meters.counter("freshet.inference.held-out.over-capacity").count()).isEqualTo(1);
        assertThat(meters.get("freshet.inference.held-out.examples").gauge().value()).isEqualTo(2);
        assertThat(evaluation.figures()).as("nothing scored before a version is served").isEmpty();
    }
}

package dev.freshet.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.pipeline.config.PipelineConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources built from configuration: the image source over given files, and its refusals. */
class SourcesTest {

    @TempDir
    Path dir;

    private static PipelineConfig.Source config(Map<String, String> values) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(PipelineConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter());
        values.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(PipelineConfig.class).source();
    }

    @Test
    void anImageSourceOverDamagedFilesFailsAtStartNamingTheFile() throws Exception {
        Path images = Files.write(dir.resolve("images.idx"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1});
        Path labels = Files.write(dir.resolve("labels.idx"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 3});
        assertThatThrownBy(() -> Sources.create(config(Map.of("freshet.pipeline.source.kind", "images",
                "freshet.pipeline.source.images.images-file", images.toString(),
                "freshet.pipeline.source.images.labels-file", labels.toString()))))
                .hasMessageContaining(images + ": magic number 0x00000801, not the 0x00000803 of an IDX file of images");
        assertThatThrownBy(() -> Sources.create(config(Map.of("freshet.pipeline.source.kind", "images",
                "freshet.pipeline.source.images.images-file", images.toString()))))
                .hasMessageContaining("both files or neither");
        assertThatThrownBy(() -> Sources.create(config(Map.of("freshet.pipeline.source.kind", "images",
                "freshet.pipeline.source.images.drift", "sideways"))))
                .hasMessageContaining("unknown image drift 'sideways'");
    }

    @Test
    void anImageSourceOverGoodFilesDeclaresItsFeatureSet() {
        String subset = "../data/fashion-mnist-train-2000-";
        FeatureSource source = Sources.create(config(Map.of("freshet.pipeline.source.kind", "images",
                "freshet.pipeline.source.images.images-file", subset + "images-idx3-ubyte.gz",
                "freshet.pipeline.source.images.labels-file", subset + "labels-idx1-ubyte.gz")));
        assertThat(source.featureSet().name()).isEqualTo("fashion");
        assertThat(source.featureSet().features()).hasSize(784);
        assertThat(source.featureSet().labels()).hasSize(10).startsWith("T-shirt/top", "Trouser");
    }
}

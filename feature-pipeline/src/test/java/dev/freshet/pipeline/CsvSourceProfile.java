package dev.freshet.pipeline;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The csv source with the bundled breast-cancer file, as fast as it goes. */
public class CsvSourceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "freshet.pipeline.source.enabled", "true",
                "freshet.pipeline.source.kind", "csv",
                "freshet.pipeline.source.rate", "0");
    }
}

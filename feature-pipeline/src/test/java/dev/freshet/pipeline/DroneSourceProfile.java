package dev.freshet.pipeline;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the drone source fast: 5 shops, two simulated days, one simulated hour per millisecond. */
public class DroneSourceProfile implements QuarkusTestProfile {

    public static final int SHOPS = 5;
    public static final int HOURS = 48;
    /** Open 8:00 to 21:00: 14 hours a day. */
    public static final int EXAMPLES = SHOPS * 14 * HOURS / 24;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "freshet.pipeline.source.enabled", "true",
                "freshet.pipeline.source.drone.shops", Integer.toString(SHOPS),
                "freshet.pipeline.source.drone.speedup", "3600000",
                "freshet.pipeline.source.drone.max-hours", Integer.toString(HOURS),
                "freshet.pipeline.source.drone.start", "2026-11-02T00:00:00Z");
    }
}

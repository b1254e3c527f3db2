package dev.freshet.pipeline;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The crypto source on simulated trades: two symbols, one-minute candles, horizon 5, for 4 real seconds. */
public class CryptoSourceProfile implements QuarkusTestProfile {

    public static final int SYMBOLS = 2;
    public static final int HORIZON = 5;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "freshet.pipeline.source.enabled", "true",
                "freshet.pipeline.source.kind", "crypto",
                "freshet.pipeline.source.rate", "20000",
                "freshet.pipeline.source.duration", "PT4S",
                "freshet.pipeline.source.crypto.symbols", "BTC/USD,ETH/USD",
                "freshet.pipeline.source.crypto.horizon", Integer.toString(HORIZON),
                "freshet.pipeline.source.crypto.start", "2026-11-21T00:00:00Z");
    }
}

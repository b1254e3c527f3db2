package dev.freshet.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * API keys per role, each also an environment variable ({@code freshet.security.api-keys.admin} is
 * {@code FRESHET_SECURITY_API_KEYS_ADMIN}, a comma-separated list so that keys can be rotated). None by default:
 * with no key and no JWT public key every operation that changes state answers 401. In Kubernetes they come from
 * a Secret.
 */
@ConfigMapping(prefix = "freshet.security")
public interface SecurityConfig {

    /** Fewest characters of a key: shorter ones are refused at startup. */
    int MIN_KEY_LENGTH = 16;

    ApiKeys apiKeys();

    /** Whether asking for predictions needs the reader role (or a higher one); open by default. */
    @WithDefault("false")
    boolean protectPredictions();

    /** Keys by role. */
    interface ApiKeys {
        Optional<List<String>> admin();

        Optional<List<String>> operator();

        Optional<List<String>> reader();
    }
}

package dev.freshet.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Says at startup how a caller can authenticate (how many API keys per role, whether a JWT public key is set),
 * never a key; with neither, that every operation changing state will answer 401. Building it also checks the
 * keys, so a short or repeated key stops the service at startup.
 */
@ApplicationScoped
public class SecurityReport {

    private static final Logger LOG = Logger.getLogger(SecurityReport.class);

    void onStart(@Observes StartupEvent event, ApiKeyIdentityProvider provider, SecurityConfig config) {
        var counts = provider.keys().countByRole();
        var settings = ConfigProvider.getConfig();
        Optional<String> jwtKey = settings.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .or(() -> settings.getOptionalValue("mp.jwt.verify.publickey", String.class).map(k -> "inline"));
        long keys = counts.values().stream().mapToLong(Long::longValue).sum();
        LOG.infof("Authentication: API keys %s (header %s); JWT bearer tokens %s; predictions %s", counts,
                ApiKeyAuthenticationMechanism.HEADER, jwtKey.map(k -> "verified with the public key " + k)
                        .orElse("refused (no mp.jwt.verify.publickey.location)"),
                config.protectPredictions() ? "need the reader role" : "open");
        if (keys == 0 && jwtKey.isEmpty()) {
            LOG.warn("No API key and no JWT public key is configured: operations that change state answer 401 to "
                    + "everyone. Set FRESHET_SECURITY_API_KEYS_ADMIN (or _OPERATOR) or MP_JWT_VERIFY_PUBLICKEY_LOCATION.");
        }
    }
}

package dev.freshet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No service ships a credential for production (issue 9, item 8): in each service's {@code application.properties}
 * every credential key outside the {@code %dev}/{@code %test} profiles is an environment variable with no default.
 */
class NoDefaultCredentialsTest {

    private static final List<String> SERVICES = List.of("feature-pipeline", "training-pipeline", "inference-pipeline");
    private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(password|secret|access-key|api-keys|jaas|token).*");
    private static final Pattern ENV_WITHOUT_DEFAULT = Pattern.compile("\\$\\{[A-Z0-9_]+}");

    /** The credential settings of the production profile that hold a value or a default, as "file: line". */
    static List<String> defaultedCredentials(Path properties) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(properties)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("%dev.") || trimmed.startsWith("%test.")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = trimmed.substring(0, eq).strip();
            String value = trimmed.substring(eq + 1).strip();
            if (CREDENTIAL.matcher(key).matches() && !ENV_WITHOUT_DEFAULT.matcher(value).matches()) {
                found.add(properties.getFileName() + ": " + trimmed);
            }
        }
        return found;
    }

    @Test
    void everyCredentialOfTheProductionProfileComesFromTheEnvironmentWithNoDefault() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        int credentials = 0;
        for (String service : SERVICES) {
            Path properties = root.resolve(service).resolve("src/main/resources/application.properties");
            assertThat(properties).exists();
            assertThat(defaultedCredentials(properties)).as(service).isEmpty();
            credentials += (int) Files.readAllLines(properties).stream()
                    .filter(l -> !l.startsWith("#") && l.contains("=")
                            && CREDENTIAL.matcher(l.substring(0, l.indexOf('='))).matches()).count();
        }
        assertThat(credentials).as("the check found the credential settings it is about").isGreaterThanOrEqualTo(6);
    }

    @Test
    void aDefaultOrALiteralIsFound(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, String.join("\n", "quarkus.datasource.password=${DB_PASSWORD:changeme}",
                "freshet.registry.secret-key=minio123", "%dev.quarkus.datasource.password=${DB_PASSWORD:local}",
                "freshet.registry.access-key=${S3_ACCESS_KEY}", "# a.password=commented"));
        assertThat(defaultedCredentials(properties)).containsExactly(
                "application.properties: quarkus.datasource.password=${DB_PASSWORD:changeme}",
                "application.properties: freshet.registry.secret-key=minio123");
    }
}

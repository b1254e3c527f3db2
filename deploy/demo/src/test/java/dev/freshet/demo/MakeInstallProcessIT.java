package dev.freshet.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code make install} builds once, so that the targets a user types next start without a build. Run after the
 * reactor packaged every module: install's Maven run is replaced by {@code true} (it would find nothing to do), and
 * what it leaves is checked by asking make what each target would run.
 */
class MakeInstallProcessIT {

    private static final Path ROOT = Path.of(System.getProperty("freshet.demo.root", "../..")).toAbsolutePath().normalize();

    @Test
    void afterInstallTheUsersTargetsStartWithoutABuild() throws Exception {
        String install = make("install", "MVN=true");
        assertThat(install).contains("true -B").contains("Built. Next: make demo");

        for (String target : List.of("producers", "training", "predict", "demo", "models", "backtest", "infra-up")) {
            String plan = make("-n", target, "CSV=data/breast-cancer-wisconsin.csv", "LABEL=class");
            assertThat(plan).as("make -n " + target).doesNotContain("mvn ").doesNotContain(" package -DskipTests")
                    .doesNotContain(" compile");
        }
    }

    private static String make(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-C", ROOT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}

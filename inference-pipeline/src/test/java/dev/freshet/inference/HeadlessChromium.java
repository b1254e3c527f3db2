package dev.freshet.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real headless Chromium for page tests: Debian's {@code chromium}, found on the PATH. */
final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser, if one is installed ({@code .ci/run} installs Debian's {@code chromium}). */
    static Optional<HeadlessChromium> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : NAMES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The page's DOM after its scripts ran for {@code budgetMillis} of virtual time. */
    String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=" + budgetMillis, "--dump-dom", url));
    }

    /** A PNG of the page after its scripts ran. */
    void screenshot(String url, Path png, int budgetMillis) throws IOException, InterruptedException {
        run(List.of("--virtual-time-budget=" + budgetMillis, "--window-size=1280,1500",
                "--screenshot=" + png.toAbsolutePath(), url));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"));
        command.addAll(args);
        Path out = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("Chromium did not finish within 90 s: " + command);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

package dev.freshet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a result was measured on. */
public record Machine(String cpu, int cores, double memoryGiB, String os, String jdk) {

    /** This machine, as far as /proc and the JVM tell. */
    public static Machine current() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        double memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Double.parseDouble(v.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0)).orElse(Double.NaN);
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), Math.round(memory * 10) / 10.0,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** One line for the report. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d cores (%s), %.1f GiB, %s, %s", cores, cpu, memoryGiB, os, jdk);
    }
}

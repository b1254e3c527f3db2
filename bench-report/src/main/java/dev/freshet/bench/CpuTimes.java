package dev.freshet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The machine's CPU time counters from {@code /proc/stat}, to say how busy a benchmark's machine was and how much
 * of it the hypervisor took (steal): on a shared virtual machine a stolen slice stalls whatever was running, which
 * no change to the code measured can remove.
 */
public record CpuTimes(long busy, long idle, long steal) {

    /** The counters now, or empty where there is no {@code /proc/stat}. */
    public static Optional<CpuTimes> now() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            // cpu user nice system idle iowait irq softirq steal ...
            long[] t = Arrays.stream(cpu.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            return Optional.of(new CpuTimes(t[0] + t[1] + t[2] + t[5] + t[6], t[3] + t[4], t[7]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Shares of the time since {@code before}: busy, stolen, each in percent of all CPUs' time. */
    public Share since(CpuTimes before) {
        double total = (busy - before.busy) + (idle - before.idle) + (steal - before.steal);
        return total <= 0 ? new Share(Double.NaN, Double.NaN)
                : new Share(100 * (busy - before.busy) / total, 100 * (steal - before.steal) / total);
    }

    /** Percent of the machine's CPU time busy and stolen over an interval. */
    public record Share(double busyPercent, double stealPercent) {}
}

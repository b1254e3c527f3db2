package dev.freshet.infra.bench;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.infra.InfraSettings;
import dev.freshet.infra.LocalInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How long the local servers take (issue 2): Kafka, S3 and PostgreSQL up from an empty directory (Kafka's storage
 * format and {@code initdb} included), up when already up, down with the ports free, and up again on the data
 * kept — {@code -Drounds} times (default 3), each round in a fresh directory on free ports.
 */
public final class InfraBenchmark {

    private InfraBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 3);
        BenchRecorder recorder = BenchRecorder.start(InfraBenchmark.class, "Local servers: up and down", 2);
        double[] fresh = new double[rounds];
        double[] already = new double[rounds];
        double[] down = new double[rounds];
        double[] kept = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Path dir = Files.createTempDirectory("freshet-infra-bench");
            LocalInfra infra = new LocalInfra(InfraSettings.forTests(dir));
            fresh[r] = seconds(infra::up);
            already[r] = seconds(infra::up);
            down[r] = seconds(infra::down);
            kept[r] = seconds(infra::up);
            infra.down();
            System.out.printf(Locale.ROOT, "round %d: fresh %.2f s, already up %.2f s, down %.2f s, kept data %.2f s%n",
                    r + 1, fresh[r], already[r], down[r], kept[r]);
        }
        recorder.setup("`LocalInfra` as `make infra-up` and `make infra-down` drive it, in a fresh directory on free "
                        + "ports each round: Kafka (KRaft), S3Proxy and PostgreSQL (zonky embedded binaries) started as "
                        + "processes of their own and waited for until each answers. No baseline: the servers' own "
                        + "start-up is what is measured.")
                .figure(Figure.of("all three servers up from an empty directory (storage format, initdb)", "s", Stats.of(fresh)))
                .figure(Figure.of("all three servers up again on kept data", "s", Stats.of(kept)))
                .figure(Figure.of("up when already up", "s", Stats.of(already)))
                .figure(Figure.of("all three down, ports free", "s", Stats.of(down)))
                .write();
    }

    private interface Step {
        Object run() throws Exception;
    }

    private static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }
}

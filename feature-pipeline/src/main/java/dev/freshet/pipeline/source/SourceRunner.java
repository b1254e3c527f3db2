package dev.freshet.pipeline.source;

import dev.freshet.features.LabelledExampleMessage;
import dev.freshet.pipeline.config.PipelineConfig;
import dev.freshet.pipeline.publish.FeaturePublisher;
import io.quarkus.runtime.ShutdownEvent;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Runs the configured source on a simulated clock: each simulated hour its features go out at once, and
 * its labelled examples when the hour is over (one simulated hour later), so labels always trail features.
 * Every send waits for the broker's acknowledgement before the next hour starts.
 */
@ApplicationScoped
public class SourceRunner {

    private static final Logger LOG = Logger.getLogger(SourceRunner.class);

    private final PipelineConfig.Source config;
    private final FeaturePublisher publisher;
    private final AtomicLong featuresSent = new AtomicLong();
    private final AtomicLong examplesSent = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    public SourceRunner(PipelineConfig config, FeaturePublisher publisher) {
        this.config = config.source();
        this.publisher = publisher;
    }

    /** Starts the source thread; called once the topics exist. */
    public synchronized void start() {
        if (!config.enabled() || thread != null) {
            return;
        }
        if (!"drone".equals(config.kind())) {
            throw new IllegalStateException("unknown source '" + config.kind() + "': this version runs 'drone'");
        }
        Instant start = config.start().orElseGet(SourceRunner::lastMonday);
        DroneSimulator simulator = new DroneSimulator(config.seed(), config.shops(), start.plus(config.driftAfter()));
        running = true;
        thread = new Thread(() -> run(simulator, start), "freshet-source-" + config.kind());
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Source %s started at simulated %s, %d shops, %.0fx speed, drift at %s", config.kind(), start,
                config.shops(), config.speedup(), start.plus(config.driftAfter()));
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
    }

    public long featuresSent() {
        return featuresSent.get();
    }

    public long examplesSent() {
        return examplesSent.get();
    }

    private void run(DroneSimulator simulator, Instant start) {
        long realMillisPerHour = Math.max(0, (long) (3_600_000 / config.speedup()));
        Deque<List<LabelledExampleMessage>> awaitingLabels = new ArrayDeque<>();
        try {
            for (long h = 0; running && (config.maxHours() == 0 || h < config.maxHours()); h++) {
                long began = System.currentTimeMillis();
                Instant hourStart = start.plus(Duration.ofHours(h));
                // The previous hour is over: its labels are known now.
                if (!awaitingLabels.isEmpty()) {
                    sendExamples(awaitingLabels.removeFirst());
                }
                List<Observation> observations = simulator.hour(hourStart);
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                List<LabelledExampleMessage> examples = new ArrayList<>();
                for (Observation o : observations) {
                    acks.add(publisher.send(o.features()).toCompletableFuture());
                    examples.add(o.example());
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
                featuresSent.addAndGet(acks.size());
                awaitingLabels.addLast(examples);
                long rest = realMillisPerHour - (System.currentTimeMillis() - began);
                if (rest > 0) {
                    Thread.sleep(rest);
                }
            }
            // The last hour ends too.
            while (running && !awaitingLabels.isEmpty()) {
                sendExamples(awaitingLabels.removeFirst());
            }
            LOG.infof("Source %s finished: %d feature vectors, %d labelled examples", config.kind(),
                    featuresSent.get(), examplesSent.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Source %s stopped: %s", config.kind(), e.getMessage());
        }
    }

    private void sendExamples(List<LabelledExampleMessage> examples) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (LabelledExampleMessage e : examples) {
            acks.add(publisher.send(e).toCompletableFuture());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        examplesSent.addAndGet(acks.size());
    }

    private static Instant lastMonday() {
        return Instant.now().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
    }
}

package dev.freshet.pipeline.source;

import dev.freshet.contract.FeatureSet;
import dev.freshet.pipeline.config.PipelineConfig;
import dev.freshet.pipeline.publish.FeaturePublisher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs the configured source on its own thread: takes its emissions in order, sends them (features to
 * {@code freshet.features}, examples to {@code freshet.examples}) and waits for the broker's acknowledgement
 * of each batch before asking for the next, so nothing the source produced is dropped silently. Stops when
 * the source ends, the configured duration is over, or the service stops.
 */
@ApplicationScoped
public class SourceRunner {

    private static final Logger LOG = Logger.getLogger(SourceRunner.class);

    private final PipelineConfig.Source config;
    private final FeaturePublisher publisher;
    private final MeterRegistry meters;
    // Counted here and read by the meters: increments made before the metrics registry is bound are kept.
    private final AtomicLong featuresSent = new AtomicLong();
    private final AtomicLong examplesSent = new AtomicLong();
    private final AtomicLong heldOutSent = new AtomicLong();
    private final Map<String, Long> sourceCounters = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean finished;
    private Thread thread;

    public SourceRunner(PipelineConfig config, FeaturePublisher publisher, MeterRegistry meters) {
        this.config = config.source();
        this.publisher = publisher;
        this.meters = meters;
        FunctionCounter.builder("freshet.source.features.sent", featuresSent, AtomicLong::get).register(meters);
        FunctionCounter.builder("freshet.source.examples.sent", examplesSent, AtomicLong::get).register(meters);
        FunctionCounter.builder("freshet.source.held-out.sent", heldOutSent, AtomicLong::get)
                .description("held-out examples sent to freshet.test-examples").register(meters);
    }

    /**
     * Builds and starts the source thread; called once the topics exist. A wrong setting fails the start.
     *
     * @return the feature set the source produces, or null when no source runs
     */
    public synchronized FeatureSet start() {
        if (!config.enabled() || thread != null) {
            return null;
        }
        FeatureSource source = Sources.create(config);
        running = true;
        thread = new Thread(() -> run(source), "freshet-source-" + config.kind());
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Source %s started: feature set %s v%d, %s", config.kind(), source.featureSet().name(),
                source.featureSet().version(), config.duration().map(d -> "for " + d).orElse("until it ends"));
        return source.featureSet();
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Feature vectors acknowledged by the broker. */
    public long featuresSent() {
        return featuresSent.get();
    }

    /** Labelled examples acknowledged by the broker. */
    public long examplesSent() {
        return examplesSent.get();
    }

    /** Held-out examples acknowledged by the broker. */
    public long heldOutSent() {
        return heldOutSent.get();
    }

    /** True once the source has ended or its time is up. */
    public boolean finished() {
        return finished;
    }

    /** The source's own counters (rows rejected, reconnects, ...), as last reported. */
    public Map<String, Long> sourceCounters() {
        return Map.copyOf(sourceCounters);
    }

    private void run(FeatureSource source) {
        long deadline = config.duration().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        try (source) {
            while (running && System.nanoTime() < deadline) {
                List<Emission> emissions = source.next();
                if (emissions.isEmpty()) {
                    break;
                }
                send(emissions);
                report(source);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Source %s stopped: %s", config.kind(), e.getMessage());
        } finally {
            report(source);
            finished = true;
            LOG.infof("Source %s finished: %d feature vectors, %d labelled examples, %d held-out examples sent; %s",
                    config.kind(), featuresSent(), examplesSent(), heldOutSent(), sourceCounters);
        }
    }

    private void send(List<Emission> emissions) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(emissions.size());
        int features = 0;
        int heldOut = 0;
        for (Emission emission : emissions) {
            if (emission instanceof Emission.Features f) {
                acks.add(publisher.send(f.message()).toCompletableFuture());
                features++;
            } else if (emission instanceof Emission.Example e) {
                acks.add(publisher.send(e.message()).toCompletableFuture());
            } else if (emission instanceof Emission.HeldOut h) {
                acks.add(publisher.sendHeldOut(h.message()).toCompletableFuture());
                heldOut++;
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
        featuresSent.addAndGet(features);
        heldOutSent.addAndGet(heldOut);
        examplesSent.addAndGet(emissions.size() - features - heldOut);
    }

    private void report(FeatureSource source) {
        source.counters().forEach((name, value) -> {
            if (sourceCounters.put(name, value) == null) {
                Gauge.builder("freshet.source.counter", sourceCounters, m -> m.getOrDefault(name, 0L))
                        .tag("source", config.kind()).tag("name", name)
                        .description("A counter of the running source: rows read or rejected, reconnects, ...")
                        .register(meters);
            }
        });
    }
}

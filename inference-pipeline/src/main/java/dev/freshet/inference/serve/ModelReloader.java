package dev.freshet.inference.serve;

import dev.freshet.contract.DeadLetters;
import dev.freshet.contract.MessageLimits;
import dev.freshet.inference.dashboard.DashboardHistory;
import dev.freshet.registry.events.ModelEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * When the served versions are checked: at start, at once on a registry event of a served model
 * ({@code freshet.model-events}), and on a schedule as the fallback for a missed event. Checks run on one
 * thread of their own, one pending check per model at most, so neither the Kafka thread nor the scheduler waits
 * for a download.
 */
@ApplicationScoped
public class ModelReloader {

    private static final Logger LOG = Logger.getLogger(ModelReloader.class);
    /**
     * Largest registry event read, in bytes: the trainer's are far smaller (a version's metrics, its confusion
     * matrix); the dashboard keeps a thousand, so one producer must not decide how much heap they take.
     */
    static final int MAX_EVENT_BYTES = 16 * 1024;

    private final ModelServer server;
    private final DashboardHistory history;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "freshet-model-loader");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Counter ignored;

    public ModelReloader(ModelServer server, DashboardHistory history, MeterRegistry meters) {
        this.server = server;
        this.history = history;
        this.ignored = Counter.builder("freshet.inference.model.events.ignored")
                .description("records on the registry's event topic that are not a readable event of a sound size")
                .register(meters);
    }

    void onStart(@Observes StartupEvent start) {
        server.names().forEach(this::check);
    }

    void onStop(@Observes ShutdownEvent stop) {
        loader.shutdownNow();
    }

    @Scheduled(every = "${freshet.inference.reload.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "model-reload")
    void scheduled() {
        server.names().forEach(this::check);
    }

    /** A registry event: shown on the dashboard, and a check of its model when it is served here. */
    @Incoming("model-events")
    public void onEvent(byte[] json) {
        ModelEvent event;
        try {
            if (json == null || json.length > MAX_EVENT_BYTES) {
                throw new IOException(json == null ? "no value" : json.length + " bytes, more than " + MAX_EVENT_BYTES);
            }
            event = ModelEvent.fromJson(json);
            if (event.model().length() > MessageLimits.MAX_NAME_LENGTH) {
                throw new IOException("a model name of " + event.model().length() + " characters");
            }
        } catch (IOException | RuntimeException e) {
            ignored.increment();
            LOG.warnf("Ignored an unreadable model event: %s", DeadLetters.forLog(String.valueOf(e.getMessage())));
            return;
        }
        history.record(event);
        if (server.names().contains(event.model()) && (event.type() == ModelEvent.Type.VERSION_PUBLISHED
                || event.type() == ModelEvent.Type.ALIAS_MOVED)) {
            check(event.model());
        }
    }

    /** Queues a check of one model unless one is already waiting. */
    public void check(String model) {
        if (pending.add(model)) {
            try {
                loader.execute(() -> {
                    pending.remove(model);
                    try {
                        server.refresh(model);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "%s: the check against the registry failed", model);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // The service is stopping (a last scheduled tick or event after shutdown): nothing to load for.
                pending.remove(model);
            }
        }
    }
}

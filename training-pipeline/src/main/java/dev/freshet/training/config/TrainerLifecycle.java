package dev.freshet.training.config;

import dev.freshet.featurestore.FeatureStore;
import dev.freshet.training.loop.TrainingLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The training loop with the application: at start the feature store migrated (the trainer may come up first) and
 * the loop started; at shutdown the loop stopped.
 */
@ApplicationScoped
public class TrainerLifecycle {

    private final FeatureStore store;
    private final TrainingLoop loop;
    private final TrainingConfig config;

    public TrainerLifecycle(FeatureStore store, TrainingLoop loop, TrainingConfig config) {
        this.store = store;
        this.loop = loop;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        store.migrate();
        if (config.autostart()) {
            loop.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loop.stop();
    }
}

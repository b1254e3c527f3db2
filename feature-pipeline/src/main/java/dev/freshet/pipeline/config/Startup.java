package dev.freshet.pipeline.config;

import dev.freshet.features.FeatureSet;
import dev.freshet.features.store.FeatureStore;
import dev.freshet.pipeline.publish.TopicCreator;
import dev.freshet.pipeline.source.SourceRunner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At start: migrate the feature store and create the topics (waiting for Kafka), then start the source and
 * register its feature set in the store's catalogue.
 */
@ApplicationScoped
public class Startup {

    private final FeatureStore store;
    private final PipelineConfig config;
    private final SourceRunner source;
    private final String bootstrapServers;

    public Startup(FeatureStore store, PipelineConfig config, SourceRunner source,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.store = store;
        this.config = config;
        this.source = source;
        this.bootstrapServers = bootstrapServers;
    }

    // Before the messaging connectors start: a consumer must not get its topic auto-created with one partition.
    void prepare(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.sink().enabled()) {
            store.migrate();
        }
        TopicCreator.createTopics(bootstrapServers, config.topics());
    }

    // After them: the source needs its emitters connected.
    void startSource(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        FeatureSet produced = source.start();
        // The catalogue tells trainers which features a model may use; the store is there when the sink is.
        if (produced != null && config.sink().enabled()) {
            store.register(produced);
        }
    }
}

package dev.freshet.pipeline.config;

import dev.freshet.features.store.FeatureStore;
import dev.freshet.pipeline.publish.TopicCreator;
import dev.freshet.pipeline.source.SourceRunner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** At start: migrate the feature store, create the topics (waiting for Kafka), then start the source. */
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

    void onStart(@Observes StartupEvent event) {
        if (config.sink().enabled()) {
            store.migrate();
        }
        TopicCreator.createTopics(bootstrapServers, config.topics());
        source.start();
    }
}

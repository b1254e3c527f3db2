package dev.freshet.pipeline.config;

import dev.freshet.contract.FeatureSet;
import dev.freshet.featurestore.FeatureStore;
import dev.freshet.pipeline.publish.TopicCreator;
import dev.freshet.pipeline.source.SourceRunner;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import io.smallrye.common.annotation.Identifier;
import java.util.Map;

/**
 * At start: migrate the feature store and create the topics (waiting for Kafka), then start the source and
 * register its feature set in the store's catalogue.
 */
@ApplicationScoped
public class PipelineStartup {

    private final FeatureStore store;
    private final PipelineConfig config;
    private final SourceRunner source;
    private final Map<String, Object> kafka;

    /** @param kafka every {@code kafka.*} setting (servers, SASL/TLS), as the messaging connector gets them */
    public PipelineStartup(FeatureStore store, PipelineConfig config, SourceRunner source,
                   @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.store = store;
        this.config = config;
        this.source = source;
        this.kafka = kafka;
    }

    // Before the messaging connectors start: a consumer must not get its topic auto-created with one partition.
    void prepare(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.sink().enabled()) {
            store.migrate();
        }
        TopicCreator.createTopics(kafka, config.topics());
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

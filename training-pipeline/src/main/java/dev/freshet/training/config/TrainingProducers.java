package dev.freshet.training.config;

import dev.freshet.featurestore.FeatureStore;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.training.loop.TrainingLoop;
import dev.freshet.training.publish.TrainingOutputs;
import dev.freshet.training.startup.LeaderLock;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The trainer's parts over the configured servers: feature store, lock, and the loop itself. The registry comes from
 * {@code registry-quarkus}.
 */
@ApplicationScoped
public class TrainingProducers {

    @Produces
    @ApplicationScoped
    FeatureStore featureStore(AgroalDataSource dataSource) {
        return new FeatureStore(dataSource);
    }

    @Produces
    @ApplicationScoped
    TrainingLoop trainingLoop(TrainingConfig config, FeatureStore store, ModelRegistry registry, TrainingOutputs outputs,
                              MeterRegistry meters,
                              @Identifier("default-kafka-broker") Map<String, Object> kafka,
                              @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
                              @ConfigProperty(name = "quarkus.datasource.username") String user,
                              @ConfigProperty(name = "quarkus.datasource.password") String password) {
        // The lock has a connection of its own, outside the pool: it lives as long as the trainer.
        LeaderLock lock = new LeaderLock(config.lock().name(), jdbcUrl, user, password,
                config.lock().checkTimeout());
        return new TrainingLoop(config, store, registry, outputs, meters, lock, kafka);
    }
}

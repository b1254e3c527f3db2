package dev.freshet.pipeline.config;

import dev.freshet.features.store.FeatureStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The feature store over the service's pooled datasource. */
public class StoreProducer {

    @Produces
    @ApplicationScoped
    FeatureStore featureStore(AgroalDataSource dataSource, PipelineConfig config) {
        return new FeatureStore(dataSource, config.sink().writers());
    }
}

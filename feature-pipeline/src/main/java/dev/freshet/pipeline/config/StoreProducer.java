package dev.freshet.pipeline.config;

import dev.freshet.featurestore.FeatureStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The feature store over the service's pooled datasource. One writer: the sink already stores each
 * partition of a batch on a worker of its own, so every append it makes holds one partition.
 */
public class StoreProducer {

    @Produces
    @ApplicationScoped
    FeatureStore featureStore(AgroalDataSource dataSource) {
        return new FeatureStore(dataSource);
    }
}

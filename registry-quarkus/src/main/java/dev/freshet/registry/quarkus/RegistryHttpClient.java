package dev.freshet.registry.quarkus;

import dev.freshet.registry.store.MinioObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpMetricsEventListener;
import io.quarkiverse.minio.client.OptionalHttpClientProducer;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The HTTP client the extension builds its {@code MinioClient} with: the registry's own (TCP_NODELAY sockets, see
 * {@link MinioObjectStore#httpClient()}) in place of the extension's, keeping its request metrics
 * ({@code minio.client}, tagged by bucket only: object keys name versions, which would make a tag per version).
 * The extension asks for it when {@code quarkus.minio.produce-metrics} is on, its default.
 */
@Alternative
@Priority(1)
@Singleton
public class RegistryHttpClient implements OptionalHttpClientProducer {

    private final MeterRegistry meters;

    public RegistryHttpClient(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Optional<OkHttpClient> apply(String clientName) {
        return Optional.of(MinioObjectStore.httpClient()
                .eventListener(OkHttpMetricsEventListener.builder(meters, "minio.client")
                        .uriMapper(RegistryHttpClient::bucket).build())
                .build());
    }

    static String bucket(Request request) {
        List<String> segments = request.url().pathSegments();
        return segments.isEmpty() || segments.get(0).isEmpty() ? "/" : segments.get(0);
    }
}

package dev.freshet.registry.quarkus;

import io.minio.BucketExistsArgs;
import io.minio.MinioAsyncClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the registry's bucket answers, for the services' health checks: up when S3 answered within the probe's
 * time (whether or not the bucket exists yet), down with the reason otherwise. Each service decides which kind of
 * check it is: the trainer cannot publish without it, while inference serves what it has loaded.
 */
@ApplicationScoped
public class RegistryProbe {

    static final String NAME = "model registry";
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final MinioAsyncClient client;
    private final RegistryConfig config;

    public RegistryProbe(MinioAsyncClient client, RegistryConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Asks S3 whether the bucket exists, waiting at most {@link #TIMEOUT}. */
    public HealthCheckResponse check() {
        var response = HealthCheckResponse.named(NAME).withData("bucket", config.bucket());
        try {
            boolean exists = client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return response.up().withData("bucket exists", exists).build();
        } catch (TimeoutException e) {
            return response.down().withData("error", "no answer within " + TIMEOUT.toSeconds() + " s").build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return response.down().withData("error", String.valueOf(cause.getMessage())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}

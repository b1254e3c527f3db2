package dev.freshet.registry.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.Socket;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** The client the extension is given, the scheme check, and the bucket-only metric tag. */
class RegistryClientTest {

    @Test
    void theExtensionsClientGetsSocketsWithoutNaglesDelay() throws Exception {
        OkHttpClient client = new RegistryHttpClient(new SimpleMeterRegistry()).apply("<default>").orElseThrow();
        try (Socket socket = client.socketFactory().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
        assertThat(client.eventListenerFactory()).as("request metrics kept").isNotNull();
    }

    @Test
    void anEndpointWhoseSchemeContradictsSecureIsRefusedWithTheFix() {
        assertThatThrownBy(() -> RegistryProducer.checkScheme("https://s3.eu-west-1.amazonaws.com", false))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("S3_SECURE=true");
        assertThatThrownBy(() -> RegistryProducer.checkScheme("http://127.0.0.1:9000", true))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("S3_SECURE=false");
        RegistryProducer.checkScheme("http://127.0.0.1:9000", false);
        RegistryProducer.checkScheme("HTTPS://minio.example:443", true);
        RegistryProducer.checkScheme("minio.example", true); // a bare host: the scheme is secure's to say
    }

    @Test
    void requestMetricsAreTaggedByBucketNotByObject() {
        assertThat(RegistryHttpClient.bucket(new Request.Builder()
                .url("http://127.0.0.1:9000/freshet-models/drone-linear/versions/000042/manifest.json").build()))
                .isEqualTo("freshet-models");
        assertThat(RegistryHttpClient.bucket(new Request.Builder().url("http://127.0.0.1:9000/").build())).isEqualTo("/");
    }
}

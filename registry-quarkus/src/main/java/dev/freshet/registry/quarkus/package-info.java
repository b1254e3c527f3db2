/**
 * The model registry inside a Quarkus service: {@link dev.freshet.registry.quarkus.RegistryProducer} opens it over
 * the quarkus-minio extension's client, {@link dev.freshet.registry.quarkus.RegistryHttpClient} gives that client the
 * registry's sockets and request metrics, and {@link dev.freshet.registry.quarkus.RegistryProbe} tells a health
 * check whether the bucket answers.
 */
package dev.freshet.registry.quarkus;

package dev.freshet.testinfra;

import dev.freshet.infra.InfraEndpoints;

/** Something that starts Kafka, S3 and PostgreSQL for tests and stops them again. */
public interface InfraProvider {

    /** Starts the servers and returns how to reach them. */
    InfraEndpoints start() throws Exception;

    /** Stops what {@link #start()} started. */
    void stop();

    /** For logs: which servers these are. */
    String description();
}

package dev.freshet.infra.server;

/**
 * A port a server listens on, with the variable a user sets to change it, so a clash can be
 * reported in terms the user can act on.
 *
 * @param purpose  what the port is for, e.g. "Kafka client listener"
 * @param port     the port number
 * @param variable the make/environment variable that changes it, e.g. {@code KAFKA_PORT}
 */
public record PortBinding(String purpose, int port, String variable) {}

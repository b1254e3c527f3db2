package dev.freshet.infra.server;

/** The signal that asks a server for a clean, prompt shutdown. */
public enum StopSignal {
    /** Java servers run their shutdown hooks on SIGTERM. */
    TERM,
    /** PostgreSQL's "fast" shutdown: SIGTERM would wait for every client to disconnect. */
    INT
}

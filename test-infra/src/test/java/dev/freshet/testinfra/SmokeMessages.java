package dev.freshet.testinfra;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A tiny Kafka producer and consumer inside the test application, wired by configuration only. */
@ApplicationScoped
public class SmokeMessages {

    static final String OUT = "smoke-out";
    static final String IN = "smoke-in";

    private final Emitter<String> emitter;
    private final List<String> received = new CopyOnWriteArrayList<>();

    public SmokeMessages(@Channel(OUT) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    void send(String value) {
        emitter.send(value).toCompletableFuture().join();
    }

    @Incoming(IN)
    void receive(String value) {
        received.add(value);
    }

    List<String> received() {
        return received;
    }
}

package dev.freshet.inference.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The sends of one batch, counted rather than each given a future (those were a tenth of this path's time):
 * {@link #allSent()} completes once every send counted is acknowledged, exceptionally with the first failure.
 */
final class BatchAcks implements Callback {
    private final AtomicInteger outstanding = new AtomicInteger(1); // the one allSent() gives back
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final CompletableFuture<Void> all = new CompletableFuture<>();

    /** Counts one more send; the callback to give it. */
    Callback expect() {
        outstanding.incrementAndGet();
        return this;
    }

    /** Counts a send acknowledged through its stage. */
    void track(CompletionStage<?> sent) {
        outstanding.incrementAndGet();
        sent.whenComplete((result, failure) -> arrived(failure));
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception failure) {
        arrived(failure);
    }

    /** Once no more sends will be counted: completes when all are acknowledged. */
    CompletableFuture<Void> allSent() {
        arrived(null);
        return all;
    }

    private void arrived(Throwable failure) {
        if (failure != null) {
            firstFailure.compareAndSet(null, failure);
        }
        if (outstanding.decrementAndGet() == 0) {
            Throwable first = firstFailure.get();
            if (first == null) {
                all.complete(null);
            } else {
                all.completeExceptionally(first);
            }
        }
    }
}

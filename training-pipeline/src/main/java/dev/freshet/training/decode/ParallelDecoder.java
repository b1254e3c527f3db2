package dev.freshet.training.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes a polled batch on a few threads, in chunks, while the training thread learns the batch before it:
 * JSON decoding was half of the trainer's time. The result keeps the batch's order; learning stays on one thread.
 */
public final class ParallelDecoder implements AutoCloseable {

    private static final int MIN_CHUNK = 250;

    private final ExampleDecoder decoder;
    private final ExecutorService workers;
    private final int threads;

    public ParallelDecoder(ExampleDecoder decoder, int threads) {
        this.decoder = decoder;
        this.threads = threads;
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "freshet-training-decoder");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The decoded records of {@code batch}, in its order. */
    public CompletableFuture<ExampleDecoder.Decoded[]> decode(List<ConsumerRecord<byte[], byte[]>> batch) {
        ExampleDecoder.Decoded[] decoded = new ExampleDecoder.Decoded[batch.size()];
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(decoded);
        }
        int chunks = Math.max(1, Math.min(threads, batch.size() / MIN_CHUNK));
        int size = (batch.size() + chunks - 1) / chunks;
        List<CompletableFuture<Void>> parts = new ArrayList<>(chunks);
        for (int from = 0; from < batch.size(); from += size) {
            int start = from;
            int end = Math.min(batch.size(), from + size);
            parts.add(CompletableFuture.runAsync(() -> {
                for (int i = start; i < end; i++) {
                    decoded[i] = decoder.decode(batch.get(i).value());
                }
            }, workers));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> decoded);
    }

    /** Waits for {@link #decode}'s result. */
    public static ExampleDecoder.Decoded[] await(CompletableFuture<ExampleDecoder.Decoded[]> decoded)
            throws InterruptedException {
        try {
            return decoded.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

package dev.freshet.inference.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Predictions waiting for the label of their event, bounded in number, in bytes and in time. They are kept in
 * generations, each a concurrent map that takes new predictions for a sixteenth ({@value #GENERATIONS}) of the
 * expiry, of the capacity or of the byte bound, whichever comes first; when a new generation starts, the oldest
 * ones give way as a whole until a full new one fits in the capacity and the bytes, and a generation is dropped
 * once its newest prediction has waited the expiry. So a prediction waits at least the expiry unless the capacity pushes it out, at most a
 * sixteenth longer (and until the next answer or scheduled check).
 *
 * <p>Why not a cache library: every answer of the Kafka path waits here, and a size- and time-bounded cache spent
 * more per answer on its eviction policy than the model on scoring (docs/benchmark-history.md). The join needs no
 * recency or frequency policy: oldest first is the rule. A label takes every prediction of its event, from
 * whichever generations hold one.
 *
 * <p>Thread-safe: answers are added from several threads while labels take them from another.
 *
 * @param <P> one waiting prediction (not an array: several of one event are kept as an array)
 */
final class PendingPredictions<P> {

    /** How a generation's predictions that no label took were dropped. */
    enum Cause { EXPIRED, CAPACITY }

    /** Told of every prediction dropped unlabelled. */
    interface DropListener {
        void dropped(Cause cause, int predictions);
    }

    static final int GENERATIONS = 16;
    /**
     * Estimated heap of one waiting prediction beside its event id's characters: the map's entry, the id's string
     * and array headers, the prediction and its share of an array of several. Clients choose the ids' length.
     */
    static final int ENTRY_BYTES = 128;

    private final long capacity;
    private final long maxBytes;
    private final long generationBytes;
    private final AtomicLong waitingBytes = new AtomicLong();
    private final long expiryNanos;
    private final long generationNanos;
    private final long generationCapacity;
    private final LongSupplier nanoClock;
    private final DropListener dropped;
    private final AtomicLong waiting = new AtomicLong();
    private volatile Generation current;
    /** The generations before {@link #current}, oldest first; replaced whole, under the lock. */
    private volatile Generation[] older = new Generation[0];

    /** One generation: the predictions that arrived while it was current, by event. */
    private static final class Generation {
        final long startedAt;
        volatile long endedAt = Long.MAX_VALUE;
        final ConcurrentHashMap<String, Object> byEvent;
        final AtomicLong added = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        Generation(long startedAt, long expected) {
            this.startedAt = startedAt;
            // Sized for a full generation (up to a point): growing the map was much of an answer's time here.
            this.byEvent = new ConcurrentHashMap<>((int) Math.min(expected, 1 << 16));
        }
    }

    /**
     * @param capacity    the most predictions waiting at once (at least one)
     * @param maxBytes    the most bytes they may take, as {@link #bytes(String)} estimates them (at least one
     *                    prediction's worth)
     * @param expiryNanos how long a prediction waits at least, in nanoseconds (more than zero)
     * @param nanoClock   the time, as {@link System#nanoTime()} gives it
     */
    PendingPredictions(long capacity, long maxBytes, long expiryNanos, LongSupplier nanoClock, DropListener dropped) {
        if (capacity < 1 || expiryNanos < 1 || maxBytes < ENTRY_BYTES) {
            throw new IllegalArgumentException("predictions wait in at least one place of at least " + ENTRY_BYTES
                    + " bytes for more than no time, not " + capacity + " places, " + maxBytes + " bytes, for "
                    + expiryNanos + " ns");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.generationBytes = Math.max(1, maxBytes / GENERATIONS);
        this.expiryNanos = expiryNanos;
        this.generationNanos = Math.max(1, expiryNanos / GENERATIONS);
        this.generationCapacity = Math.max(1, capacity / GENERATIONS);
        this.nanoClock = nanoClock;
        this.dropped = dropped;
        this.current = new Generation(nanoClock.getAsLong(), generationCapacity);
    }

    /** Keeps {@code prediction} until a label of {@code eventId} takes it, or it is dropped. */
    void add(String eventId, P prediction) {
        long now = nanoClock.getAsLong();
        Generation generation = current;
        if (now - generation.startedAt >= generationNanos || generation.added.get() >= generationCapacity
                || generation.bytes.get() >= generationBytes) {
            generation = turn(now);
        }
        long bytes = bytes(eventId);
        generation.byEvent.merge(eventId, prediction, PendingPredictions::both);
        generation.added.incrementAndGet();
        generation.bytes.addAndGet(bytes);
        waiting.incrementAndGet();
        waitingBytes.addAndGet(bytes);
    }

    /** The estimated heap one waiting prediction of {@code eventId} takes. */
    static long bytes(String eventId) {
        return ENTRY_BYTES + 2L * eventId.length();
    }

    /** Every prediction waiting for {@code eventId}, taken out; empty if none. */
    @SuppressWarnings("unchecked")
    List<P> take(String eventId) {
        dropExpired(nanoClock.getAsLong());
        List<P> taken = null;
        for (Generation generation : generationsNewestFirst()) {
            Object found = generation.byEvent.remove(eventId);
            if (found == null) {
                continue;
            }
            if (taken == null) {
                taken = new ArrayList<>(2);
            }
            if (found instanceof Object[] several) {
                for (Object p : several) {
                    taken.add((P) p);
                }
            } else {
                taken.add((P) found);
            }
        }
        if (taken == null) {
            return List.of();
        }
        waiting.addAndGet(-taken.size());
        waitingBytes.addAndGet(-taken.size() * bytes(eventId));
        return taken;
    }

    /** Predictions waiting now. */
    long size() {
        return waiting.get();
    }

    /** Their estimated bytes. */
    long bytes() {
        return waitingBytes.get();
    }

    /**
     * Drops the predictions that have waited the expiry, also when no answers come to turn the generations: called
     * on a schedule.
     */
    void dropExpired() {
        long now = nanoClock.getAsLong();
        if (now - current.startedAt >= generationNanos) {
            turn(now);
        } else {
            dropExpired(now);
        }
    }

    private void dropExpired(long now) {
        Generation[] before = older;
        if (before.length > 0 && now - before[0].endedAt >= expiryNanos) {
            synchronized (this) {
                int expired = 0;
                Generation[] gens = older;
                while (expired < gens.length && now - gens[expired].endedAt >= expiryNanos) {
                    expired++;
                }
                older = Arrays.copyOfRange(gens, expired, gens.length);
                for (int i = 0; i < expired; i++) {
                    drop(gens[i], Cause.EXPIRED);
                }
            }
        }
    }

    /** A new current generation; the expired and, past the capacity, the oldest ones give way for it. */
    private synchronized Generation turn(long now) {
        Generation was = current;
        if (now - was.startedAt < generationNanos && was.added.get() < generationCapacity
                && was.bytes.get() < generationBytes) {
            return was; // another thread turned it meanwhile
        }
        was.endedAt = now;
        Generation[] gens = Arrays.copyOf(older, older.length + 1);
        gens[gens.length - 1] = was;
        older = gens;
        Generation next = new Generation(now, generationCapacity);
        current = next;
        dropExpired(now);
        // Room for a full new generation within the capacity and the bytes.
        while (older.length > 0 && (waiting.get() > capacity - generationCapacity
                || waitingBytes.get() > maxBytes - generationBytes)) {
            Generation[] left = older;
            older = Arrays.copyOfRange(left, 1, left.length);
            drop(left[0], Cause.CAPACITY);
        }
        return next;
    }

    /** Counts what no label took; removed one by one so that a label taking one at the same time counts it once. */
    private void drop(Generation generation, Cause cause) {
        int predictions = 0;
        long bytes = 0;
        for (String eventId : generation.byEvent.keySet()) {
            Object left = generation.byEvent.remove(eventId);
            if (left != null) {
                int n = left instanceof Object[] several ? several.length : 1;
                predictions += n;
                bytes += n * bytes(eventId);
            }
        }
        if (predictions > 0) {
            waiting.addAndGet(-predictions);
            waitingBytes.addAndGet(-bytes);
            dropped.dropped(cause, predictions);
        }
    }

    private Generation[] generationsNewestFirst() {
        // current before older: turn() writes them the other way round, so a generation being turned is seen.
        Generation newest = current;
        Generation[] before = older;
        Generation[] all = new Generation[before.length + 1];
        all[0] = newest;
        for (int i = 0; i < before.length; i++) {
            all[i + 1] = before[before.length - 1 - i];
        }
        return all;
    }

    private static Object both(Object waiting, Object more) {
        Object[] a = waiting instanceof Object[] several ? several : new Object[] {waiting};
        Object[] joined = Arrays.copyOf(a, a.length + 1);
        joined[a.length] = more;
        return joined;
    }
}

package dev.freshet.pipeline.source;

/**
 * Keeps a source at a steady rate of input events per second: each {@link #acquire(int)} waits until the
 * events fit the schedule. A slow consumer is not made up for in a burst beyond one second's worth.
 */
public final class Pacer {

    private final double nanosPerEvent;
    private long nextFree;

    /** @param perSecond events per second; 0 or less: never waits */
    public Pacer(double perSecond) {
        this.nanosPerEvent = perSecond > 0 ? 1e9 / perSecond : 0;
        this.nextFree = System.nanoTime();
    }

    /** A pacer that never waits. */
    public static Pacer unlimited() {
        return new Pacer(0);
    }

    /** How many events to gather before sending: about 50 ms worth, at least 1, at most {@code max}. */
    public int batch(int max) {
        return nanosPerEvent == 0 ? max : (int) Math.max(1, Math.min(max, 50_000_000 / nanosPerEvent));
    }

    /** Waits until {@code events} more events are due. */
    public void acquire(int events) throws InterruptedException {
        if (nanosPerEvent == 0) {
            return;
        }
        long now = System.nanoTime();
        // After a stall, restart from now rather than bursting to catch up more than a second.
        nextFree = Math.max(nextFree, now - 1_000_000_000L);
        nextFree += (long) (nanosPerEvent * events);
        long wait = nextFree - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}

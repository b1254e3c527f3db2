package dev.freshet.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PendingPredictionsTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final Map<PendingPredictions.Cause, Long> dropped = new EnumMap<>(PendingPredictions.Cause.class);

    private PendingPredictions<String> pending(long capacity, long expiry) {
        return new PendingPredictions<>(capacity, Long.MAX_VALUE, expiry, clock::get,
                (cause, predictions) -> dropped.merge(cause, (long) predictions, Long::sum));
    }

    @Test
    void aLabelTakesEveryPredictionOfItsEventOnce() {
        PendingPredictions<String> pending = pending(1_000, 1_600);
        pending.add("e1", "linear");
        pending.add("e2", "linear");
        clock.addAndGet(200); // the next answer starts a new generation
        pending.add("e1", "mlp");
        pending.add("e1", "mlp again");

        assertThat(pending.size()).isEqualTo(4);
        assertThat(pending.take("e1")).containsExactlyInAnyOrder("linear", "mlp", "mlp again");
        assertThat(pending.take("e1")).isEmpty();
        assertThat(pending.take("unknown")).isEmpty();
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.take("e2")).containsExactly("linear");
        assertThat(pending.size()).isZero();
        assertThat(dropped).isEmpty();
    }

    @Test
    void pastTheCapacityTheOldestGiveWay() {
        PendingPredictions<String> pending = pending(32, 1_000_000); // generations of two
        for (int i = 0; i < 100; i++) {
            pending.add("e" + i, "p" + i);
            assertThat(pending.size()).isLessThanOrEqualTo(32);
        }

        int kept = (int) pending.size();
        assertThat(dropped).containsOnlyKeys(PendingPredictions.Cause.CAPACITY);
        assertThat(dropped.get(PendingPredictions.Cause.CAPACITY) + kept).isEqualTo(100);
        assertThat(kept).isGreaterThanOrEqualTo(32 - 2); // a generation's worth below the capacity at most
        // The newest are kept, the ones before them gone.
        assertThat(pending.take("e" + (99 - kept))).isEmpty();
        assertThat(pending.take("e" + (100 - kept))).containsExactly("p" + (100 - kept));
        assertThat(pending.take("e99")).containsExactly("p99");
    }

    @Test
    void longEventIdsArePushedOutByTheirBytesNotOnlyByTheirNumber() {
        long maxBytes = 64 * 1024;
        PendingPredictions<String> pending = new PendingPredictions<>(1_000_000, maxBytes, 1_000_000, clock::get,
                (cause, predictions) -> dropped.merge(cause, (long) predictions, Long::sum));
        String longId = "e".repeat(250); // within the message limit of 256 characters
        for (int i = 0; i < 1_000; i++) {
            pending.add(longId + i, "p" + i);
            assertThat(pending.bytes()).isLessThanOrEqualTo(maxBytes);
        }
        // About 630 bytes each: a hundred fit where the count alone would have kept all thousand.
        assertThat(pending.size()).isBetween(80L, 104L);
        assertThat(dropped.get(PendingPredictions.Cause.CAPACITY) + pending.size()).isEqualTo(1_000);
        assertThat(pending.take(longId + 999)).containsExactly("p999");
        assertThat(pending.bytes()).isEqualTo(pending.size() * PendingPredictions.bytes(longId + 999));
        while (pending.size() > 0) {
            clock.addAndGet(2_000_000);
            pending.dropExpired();
        }
        assertThat(pending.bytes()).as("every byte given back").isZero();
    }

    @Test
    void aPredictionWaitsAtLeastTheExpiryAndAtMostASixteenthLonger() {
        PendingPredictions<String> pending = pending(1_000, 1_600);
        long start = clock.get();
        pending.add("e1", "p1");
        // The scheduled check every 10 ticks; no other answers come.
        while (clock.get() < start + 1_599) {
            clock.addAndGet(10);
            pending.dropExpired();
            if (clock.get() - start < 1_600) {
                assertThat(pending.size()).as("at %d", clock.get() - start).isEqualTo(1);
            }
        }
        while (clock.get() < start + 1_700) {
            clock.addAndGet(10);
            pending.dropExpired();
        }

        assertThat(pending.size()).isZero();
        assertThat(pending.take("e1")).isEmpty();
        assertThat(dropped).containsExactly(Map.entry(PendingPredictions.Cause.EXPIRED, 1L));
    }

    @Test
    void answersComingExpireTheOldOnesToo() {
        PendingPredictions<String> pending = pending(1_000, 1_600);
        pending.add("old", "p");
        for (int i = 0; i < 40; i++) {
            clock.addAndGet(50);
            pending.add("new" + i, "p");
        }

        assertThat(pending.take("old")).isEmpty();
        assertThat(dropped).containsOnlyKeys(PendingPredictions.Cause.EXPIRED);
        assertThat(dropped.get(PendingPredictions.Cause.EXPIRED) + pending.size()).isEqualTo(41);
        assertThat(pending.take("new39")).containsExactly("p");
    }

    @Test
    void underConcurrentAnswersAndLabelsEveryPredictionIsTakenOrDroppedExactlyOnce() throws Exception {
        AtomicLong droppedCount = new AtomicLong();
        PendingPredictions<String> pending = new PendingPredictions<>(4_096, Long.MAX_VALUE, Long.MAX_VALUE / 4, System::nanoTime,
                (cause, predictions) -> droppedCount.addAndGet(predictions));
        int perWriter = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicLong[] written = {new AtomicLong(), new AtomicLong()};
        for (int w = 0; w < 2; w++) {
            String prefix = "w" + w + "-";
            AtomicLong progress = written[w];
            threads.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < perWriter; i++) {
                    pending.add(prefix + i, "p");
                    progress.set(i + 1);
                }
            }));
        }
        AtomicLong taken = new AtomicLong();
        threads.add(new Thread(() -> {
            await(start);
            // Labels trail the answers by about the capacity: where the oldest generations are being dropped.
            for (int i = 0; i < perWriter; i++) {
                long lag = Math.min(3_400 + (i % 1_400), perWriter - 1 - i);
                while (written[0].get() <= i + lag || written[1].get() <= i + lag) {
                    Thread.onSpinWait();
                }
                taken.addAndGet(pending.take("w0-" + i).size());
                taken.addAndGet(pending.take("w1-" + i).size());
            }
        }));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(taken.get()).isPositive();
        assertThat(droppedCount.get()).isPositive();
        assertThat(taken.get() + droppedCount.get() + pending.size()).isEqualTo(2L * perWriter);
        assertThat(pending.size()).isLessThanOrEqualTo(4_096);
    }

    @Test
    void refusesNoRoomOrNoTime() {
        assertThatThrownBy(() -> pending(0, 1_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pending(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PendingPredictions<String>(10, 100, 1_000, clock::get, (c, n) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 bytes");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.freshet.pipeline.source.drone;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.pipeline.source.Emission;
import dev.freshet.pipeline.source.FeatureSource;
import dev.freshet.pipeline.source.Pacer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The drone simulation on a simulated clock: each simulated hour yields the labels of the hour before (it
 * is over, so they are known) and then the features of the new hour. A simulated hour lasts
 * {@code 3600 / speedup} real seconds; a rate, when set, slows the observations further.
 */
public final class DroneSource implements FeatureSource {

    private final DroneSimulator simulator;
    private final Instant start;
    private final long maxHours;
    private final long nanosPerHour;
    private final Pacer pacer;
    private List<LabelledExampleMessage> awaitingLabels = List.of();
    private long hour;
    private long nextHourAt = System.nanoTime();
    private long observations;

    /**
     * @param maxHours simulated hours to run; 0 for no end
     * @param speedup  simulated seconds per real second
     */
    public DroneSource(DroneSimulator simulator, Instant start, long maxHours, double speedup, Pacer pacer) {
        if (speedup <= 0) {
            throw new IllegalArgumentException("speedup must be positive, not " + speedup);
        }
        this.simulator = simulator;
        this.start = start;
        this.maxHours = maxHours;
        this.nanosPerHour = (long) (3.6e12 / speedup);
        this.pacer = pacer;
    }

    @Override
    public FeatureSet featureSet() {
        return DroneSimulator.FEATURE_SET;
    }

    @Override
    public List<Emission> next() throws InterruptedException {
        List<Emission> out = new ArrayList<>();
        // Closed hours yield nothing: move on to the next open one (or the end), on the simulated clock.
        while (out.isEmpty()) {
            awaitingLabels.forEach(e -> out.add(Emission.of(e)));
            awaitingLabels = List.of();
            if (maxHours > 0 && hour >= maxHours) {
                return out;
            }
            waitForHour();
            List<Observation> observations = simulator.hour(start.plus(Duration.ofHours(hour++)));
            pacer.acquire(observations.size());
            this.observations += observations.size();
            List<LabelledExampleMessage> labels = new ArrayList<>(observations.size());
            for (Observation o : observations) {
                out.add(Emission.of(o.features()));
                labels.add(o.example());
            }
            awaitingLabels = labels;
        }
        return out;
    }

    private void waitForHour() throws InterruptedException {
        long wait = nextHourAt - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        nextHourAt = Math.max(nextHourAt, System.nanoTime() - nanosPerHour) + nanosPerHour;
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("simulated_hours", hour, "observations", observations);
    }
}

package dev.freshet.pipeline.source.drone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drone source: balanced, deterministic, drifting when told, labels later than features. */
class DroneSimulatorTest {

    private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    private static List<Observation> days(DroneSimulator simulator, Instant from, int days) {
        List<Observation> all = new ArrayList<>();
        for (int h = 0; h < days * 24; h++) {
            all.addAll(simulator.hour(from.plus(Duration.ofHours(h))));
        }
        return all;
    }

    @Test
    void aWeekIsRoughlyBalancedAndDeterministic() {
        DroneSimulator simulator = new DroneSimulator(7, 40, MONDAY.plus(Duration.ofDays(7)));
        List<Observation> week = days(simulator, MONDAY, 7);
        assertThat(week).hasSize(40 * 14 * 7);
        double busy = week.stream().filter(o -> o.example().label().equals(DroneSimulator.BUSY)).count() / (double) week.size();
        assertThat(busy).isBetween(0.4, 0.6);
        assertThat(days(new DroneSimulator(7, 40, MONDAY.plus(Duration.ofDays(7))), MONDAY, 7)).isEqualTo(week);
        assertThat(simulator.hour(MONDAY.plus(Duration.ofHours(3)))).isEmpty();
    }

    @Test
    void featuresAtEventTimeLackWhatIsOnlyKnownLaterAndLabelsComeAtTheEndOfTheHour() {
        DroneSimulator simulator = new DroneSimulator(7, 5, MONDAY.plus(Duration.ofDays(7)));
        Instant nine = MONDAY.plus(Duration.ofHours(9));
        for (Observation o : simulator.hour(nine)) {
            assertThat(DroneSimulator.FEATURE_SET.problems(o.features().features(), true)).isEmpty();
            assertThat(o.features().features()).doesNotContainKeys("avg_delivery_minutes", "avg_rating", "avg_distance_km");
            assertThat(DroneSimulator.FEATURE_SET.problems(o.example().features(), false)).isEmpty();
            assertThat(o.example().labelTime()).isEqualTo(nine.plus(Duration.ofHours(1)));
            assertThat(o.features().eventTime()).isBetween(nine, nine.plus(Duration.ofMinutes(10)));
            assertThat(o.example().eventId()).isEqualTo(o.features().eventId());
        }
    }

    @Test
    void theRulesChangeAtTheDriftTime() {
        Instant drift = MONDAY.plus(Duration.ofDays(7));
        DroneSimulator drifting = new DroneSimulator(7, 40, drift);
        DroneSimulator steady = new DroneSimulator(7, 40, Instant.MAX);
        List<Observation> before = days(drifting, MONDAY, 7);
        assertThat(before).isEqualTo(days(steady, MONDAY, 7));
        List<Observation> afterDrifting = days(drifting, drift, 7);
        List<Observation> afterSteady = days(steady, drift, 7);
        long differing = 0;
        for (int i = 0; i < afterDrifting.size(); i++) {
            if (!afterDrifting.get(i).example().label().equals(afterSteady.get(i).example().label())) {
                differing++;
            }
        }
        assertThat(differing / (double) afterDrifting.size()).isGreaterThan(0.3);
        double busyAfter = afterDrifting.stream().filter(o -> o.example().label().equals(DroneSimulator.BUSY)).count()
                / (double) afterDrifting.size();
        assertThat(busyAfter).isBetween(0.35, 0.65);
    }
}

package dev.freshet.learn.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.data.SyntheticStreams;
import dev.freshet.learn.eval.DriftEvent;
import dev.freshet.learn.eval.PrequentialEvaluator;
import dev.freshet.learn.eval.PrequentialMetrics;
import dev.freshet.learn.train.OnlineLearners;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stated figures of both detectors with their defaults, on Bernoulli error streams:
 * <ul>
 *   <li>a stationary stream of 1,000,000 errors raises at most {@link #MAX_FALSE_ALARMS} alarms, at error
 *       rates 0.05, 0.2, 0.35 and 0.5;</li>
 *   <li>an abrupt change of the error rate from 0.2 to 0.5 is detected within the stated delay (ADWIN 256,
 *       Page-Hinkley 600 values) in each of 20 seeded runs, with no alarm in the 20,000 values before it;</li>
 *   <li>on a learner's prequential error, an abrupt concept flip is detected within 200 examples and never
 *       before it.</li>
 * </ul>
 */
class DriftDetectorTest {

    static final int MAX_FALSE_ALARMS = 3;

    static Stream<Arguments> detectors() {
        return Stream.of(Arguments.of("adwin", (Supplier<DriftDetector>) Adwin::new, 256),
                Arguments.of("page-hinkley", (Supplier<DriftDetector>) PageHinkley::new, 600));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void stationaryMillionRaisesAtMostAFewFalseAlarms(String name, Supplier<DriftDetector> detectors, int delay) {
        for (double rate : new double[] {0.05, 0.2, 0.35, 0.5}) {
            DriftDetector detector = detectors.get();
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < 1_000_000; i++) {
                detector.update(random.nextDouble() < rate ? 1 : 0);
            }
            assertThat(detector.seen()).isEqualTo(1_000_000);
            assertThat(detector.detections()).as("%s false alarms at error rate %s", name, rate)
                    .isLessThanOrEqualTo(MAX_FALSE_ALARMS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void abruptIncreaseIsDetectedWithinTheStatedDelay(String name, Supplier<DriftDetector> detectors, int delay) {
        for (int seed = 0; seed < 20; seed++) {
            DriftDetector detector = detectors.get();
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < 20_000; i++) {
                detector.update(random.nextDouble() < 0.2 ? 1 : 0);
            }
            assertThat(detector.detections()).as("alarms before the change, seed %d", seed).isZero();
            int detectedAfter = -1;
            for (int i = 1; i <= 5_000 && detectedAfter < 0; i++) {
                if (detector.update(random.nextDouble() < 0.5 ? 1 : 0)) {
                    detectedAfter = i;
                }
            }
            assertThat(detectedAfter).as("%s delay, seed %d", name, seed).isBetween(1, delay);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void aDecreaseOfTheErrorIsNotAnAlarm(String name, Supplier<DriftDetector> detectors, int delay) {
        DriftDetector detector = detectors.get();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            detector.update(random.nextDouble() < 0.5 ? 1 : 0);
        }
        for (int i = 0; i < 20_000; i++) {
            detector.update(random.nextDouble() < 0.1 ? 1 : 0);
        }
        assertThat(detector.detections()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void conceptFlipInALearnersStreamIsDetectedSoonAndNotBefore(LearnerSettings settings) {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(OnlineLearners.create(settings),
                new PrequentialMetrics(), List.of(new Adwin()), 0);
        SyntheticStreams.abruptFlip(3, 10, 20_000, 0.05).limit(40_000).forEach(evaluator::process);
        List<DriftEvent> events = evaluator.driftEvents();
        assertThat(events).isNotEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.example()).isGreaterThan(20_000));
        assertThat(events.get(0).example()).isLessThanOrEqualTo(20_200);
    }

    static Stream<LearnerSettings> learners() {
        return Stream.of(LearnerSettings.linear(), LearnerSettings.mlp());
    }

    @org.junit.jupiter.api.Test
    void adwinWindowShrinksToTheNewConceptAndMemoryStaysSmall() {
        Adwin adwin = new Adwin();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            adwin.update(random.nextDouble() < 0.1 ? 1 : 0);
        }
        assertThat(adwin.width()).isEqualTo(200_000);
        assertThat(adwin.mean()).isBetween(0.09, 0.11);
        for (int i = 0; i < 5_000; i++) {
            adwin.update(random.nextDouble() < 0.6 ? 1 : 0);
        }
        assertThat(adwin.width()).isLessThan(10_000);
        assertThat(adwin.mean()).isBetween(0.5, 0.7);
    }
}

package dev.freshet.learn.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.learn.FeatureVector;
import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.LearnerSettings;
import dev.freshet.learn.OnlineLearner;
import dev.freshet.learn.train.OnlineLearners;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeTesterTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long T = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();

    @Test
    void anExampleIsTestedWithTheLearnerThatKnewNoLaterLabel() {
        OnlineLearner learner = OnlineLearners.create(LearnerSettings.linear());
        EventTimeTester tester = new EventTimeTester(learner);
        tester.learned(T, T + HOUR);
        tester.batchEnded();
        assertThat(tester.testerAt(T + HOUR / 2)).as("observed before the label was learned").isNotSameAs(learner);
        assertThat(tester.testerAt(T + 2 * HOUR)).isSameAs(learner);
        assertThat(tester.labelTimesCut()).isZero();
    }

    @Test
    void oneLabelTimeFarAheadMovesTheClockOnlyAsFarAsTheLeadAndTestingGoesOn() {
        OnlineLearner learner = OnlineLearners.create(LearnerSettings.linear());
        EventTimeTester tester = new EventTimeTester(learner);
        tester.learned(T, T + HOUR);
        tester.batchEnded();
        // A producer's error: a label five years ahead. Unbounded, every later example would be tested with the
        // copy frozen now, until the stream reached that time.
        tester.learned(T + HOUR, T + Duration.ofDays(5 * 365).toMillis());
        tester.batchEnded();
        assertThat(tester.labelTimesCut()).isEqualTo(1);
        assertThat(tester.learnedLabelTime()).isEqualTo(T + HOUR + EventTimeTester.MAX_LABEL_LEAD_MILLIS);
        long later = T + HOUR + EventTimeTester.MAX_LABEL_LEAD_MILLIS + HOUR;
        tester.learned(later, later + HOUR);
        tester.batchEnded();
        assertThat(tester.testerAt(later + 2 * HOUR)).as("a day on, the live learner tests again").isSameAs(learner);
        // The first label after a restart cannot run ahead of its own event either.
        EventTimeTester fresh = new EventTimeTester(learner);
        fresh.learned(T, Long.MAX_VALUE);
        assertThat(fresh.learnedLabelTime()).isEqualTo(T + EventTimeTester.MAX_LABEL_LEAD_MILLIS);
    }

    @Test
    void withLabelsComingOneBatchAtATimeLongAfterTheirExamplesEachIsTestedWithALearnerOfAboutItsEventTime() {
        OnlineLearner learner = OnlineLearners.create(LearnerSettings.linear());
        EventTimeTester tester = new EventTimeTester(learner);
        FeatureVector features = new FeatureVector(new String[] {"x"}, new double[] {1});
        long delay = 100;
        long oldestBefore = 0;
        for (long t = delay; t < 20_000; t++) { // one label per batch, 100 ms after its example was observed
            long observed = t - delay;
            if (t == 10_000) {
                oldestBefore = tester.testedWithOldestState();
            }
            if (t >= 10_000) {
                // The copy that knew every label up to its event time has learned observed - delay + 1 examples.
                long ideal = observed - delay + 1;
                assertThat(tester.testerAt(observed).examplesSeen()).as("example observed at %d", observed)
                        .isBetween(ideal - delay / 2, ideal);
            }
            learner.learn(new LabelledExample(features, t % 2 == 0 ? "a" : "b"));
            tester.learned(observed, t);
            tester.batchEnded();
        }
        assertThat(tester.frozenStates()).isEqualTo(EventTimeTester.STATES_KEPT);
        assertThat(tester.testedWithOldestState()).isEqualTo(oldestBefore);
    }
}

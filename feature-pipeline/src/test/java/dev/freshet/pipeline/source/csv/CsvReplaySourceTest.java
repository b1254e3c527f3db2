package dev.freshet.pipeline.source.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.learn.data.MissingValuePolicy;
import dev.freshet.pipeline.source.Emission;
import dev.freshet.pipeline.source.Pacer;
import dev.freshet.pipeline.source.Sources;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The csv source: the tutorial's 60/40 split of breast cancer, and bad rows counted without a crash. */
class CsvReplaySourceTest {

    private static List<Emission> drain(CsvReplaySource source) throws InterruptedException {
        List<Emission> all = new ArrayList<>();
        for (List<Emission> batch = source.next(); !batch.isEmpty(); batch = source.next()) {
            all.addAll(batch);
        }
        return all;
    }

    private static Reader breastCancer() {
        return new InputStreamReader(CsvReplaySourceTest.class.getClassLoader().getResourceAsStream(Sources.BREAST_CANCER),
                StandardCharsets.UTF_8);
    }

    @Test
    void breastCancerIsSplitSixtyFortyTrainingRowsAsExamplesTestRowsHeldOutWithTheirLabels() throws Exception {
        CsvReplaySource source = new CsvReplaySource(breastCancer(), "breast-cancer", "class", Set.of("id"),
                MissingValuePolicy.SKIP_ROW, 0.4, true, 1, Pacer.unlimited());
        List<Emission> emissions = drain(source);
        // 699 rows, 16 with a missing bare_nuclei: 683 used, 410 to train on and 273 held out.
        assertThat(emissions).hasSize(683);
        List<LabelledExampleMessage> examples = emissions.stream().filter(e -> e instanceof Emission.Example)
                .map(e -> ((Emission.Example) e).message()).toList();
        List<LabelledExampleMessage> heldOut = emissions.stream().filter(e -> e instanceof Emission.HeldOut)
                .map(e -> ((Emission.HeldOut) e).message()).toList();
        assertThat(examples).hasSize(410);
        assertThat(heldOut).hasSize(273);
        Set<String> ids = new HashSet<>();
        for (LabelledExampleMessage m : concat(examples, heldOut)) {
            assertThat(ids.add(m.eventId())).as("unique id %s", m.eventId()).isTrue();
            assertThat(m.label()).isIn("2", "4");
            assertThat(m.features()).hasSize(9).doesNotContainKeys("class", "id");
            assertThat(m.problems()).isEmpty();
            assertThat(source.featureSet().problems(m.features(), true)).isEmpty();
        }
        assertThat(heldOut).extracting(LabelledExampleMessage::label).contains("2", "4");
        assertThat(source.featureSet().labels()).containsExactly("2", "4");
        assertThat(source.counters()).containsEntry("rows_read", 699L).containsEntry("rows_skipped_missing", 16L)
                .containsEntry("rows_rejected", 0L).containsEntry("rows_sent", 683L);
    }

    private static List<LabelledExampleMessage> concat(List<LabelledExampleMessage> a, List<LabelledExampleMessage> b) {
        List<LabelledExampleMessage> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void malformedRowsAndNonNumericValuesAreCountedAndTheGoodRowsAllGoOut() throws Exception {
        String csv = """
                a,b,label
                1,2,yes
                1,x,no
                1,2,3,yes
                3,4,
                5,6,no
                7,?,yes
                """;
        CsvReplaySource source = new CsvReplaySource(new StringReader(csv), "tiny", "label", Set.of(),
                MissingValuePolicy.IMPUTE, 0, false, 1, Pacer.unlimited());
        List<Emission> emissions = drain(source);
        assertThat(emissions).hasSize(3).allMatch(e -> e instanceof Emission.Example);
        assertThat(emissions).extracting(e -> ((Emission.Example) e).message().features())
                .containsExactly(java.util.Map.of("a", 1.0, "b", 2.0), java.util.Map.of("a", 5.0, "b", 6.0),
                        java.util.Map.of("a", 7.0));
        assertThat(source.counters()).containsEntry("rows_read", 6L).containsEntry("rows_rejected", 3L)
                .containsEntry("values_imputed", 1L);
    }
}

package dev.freshet.learn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.learn.LabelledExample;
import dev.freshet.learn.Streams;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Missing values, bad rows, ignored and text columns. */
class CsvExampleReaderTest {

    private static final String CSV = """
            id,a,b,label
            1,1.0,2.0,yes
            2,?,3.0,no
            3,4.0,,yes
            4,5.0,6.0
            5,x7,8.0,no
            6,9.0,10.0,
            7,1e400,1,no
            8,NaN,2.0,yes
            9,3.0,4.0,no
            """;

    private static List<LabelledExample> read(CsvExampleReader reader) {
        List<LabelledExample> out = new ArrayList<>();
        reader.forEachRemaining(out::add);
        return out;
    }

    @Test
    void imputeLeavesMissingFeaturesOutAndCountsBadRows() throws Exception {
        try (CsvExampleReader reader = new CsvExampleReader(new StringReader(CSV), "label", Set.of("id"),
                MissingValuePolicy.IMPUTE)) {
            List<LabelledExample> examples = read(reader);
            assertThat(examples).extracting(LabelledExample::label).containsExactly("yes", "no", "yes", "yes", "no");
            assertThat(examples.get(1).features().asMap()).containsOnlyKeys("b");
            assertThat(examples.get(2).features().asMap()).containsOnlyKeys("a");
            assertThat(examples.get(3).features().asMap()).containsOnlyKeys("b"); // NaN is a missing value
            assertThat(reader.rowsRead()).isEqualTo(9);
            assertThat(reader.badRows()).isEqualTo(4);
            assertThat(reader.imputedValues()).isEqualTo(3);
            assertThat(reader.badRowReasons()).containsKeys("has 3 fields, the header 4", "has no label",
                    "column 'a' is not a number", "column 'a' is infinite");
            assertThat(reader.badRowSamples()).anyMatch(s -> s.startsWith("line 6:") && s.contains("not a number"));
        }
    }

    @Test
    void skipRowDropsRowsWithAMissingValue() throws Exception {
        try (CsvExampleReader reader = new CsvExampleReader(new StringReader(CSV), "label", Set.of("id"),
                MissingValuePolicy.SKIP_ROW)) {
            List<LabelledExample> examples = read(reader);
            assertThat(examples).hasSize(2);
            assertThat(reader.skippedRows()).isEqualTo(3);
            assertThat(reader.badRows()).isEqualTo(4);
        }
    }

    @Test
    void aTextColumnIsRefusedAtItsFirstRowWithTheWayOut() {
        String csv = "shop,distance,busy\ncafe,1.5,yes\nbar,2.0,no\n";
        assertThatThrownBy(() -> read(new CsvExampleReader(new StringReader(csv), "busy", Set.of(), MissingValuePolicy.IMPUTE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'shop'").hasMessageContaining("'cafe'").hasMessageContaining("--ignore shop");
    }

    @Test
    void timeColumnsAreReadApartFromTheFeaturesAndABadTimeIsABadRow() throws Exception {
        String csv = "x,observed,labelled,y\n"
                + "1,1700000000000,2023-11-14T22:13:21Z,p\n"
                + "2,2023-11-14 22:13:20,2023-11-15,q\n"
                + "3,yesterday,2023-11-15,p\n"
                + "4,2023-11-14T23:13:20+01:00,1700000001000,q\n";
        try (CsvExampleReader reader = new CsvExampleReader(new StringReader(csv), "y", Set.of(),
                MissingValuePolicy.IMPUTE, List.of("observed", "labelled"))) {
            assertThat(reader.featureNames()).containsExactly("x");
            assertThat(reader.next().features().values()).containsExactly(1);
            assertThat(reader.times()).containsExactly(1_700_000_000_000L, 1_700_000_001_000L);
            reader.next();
            assertThat(reader.times()).containsExactly(1_700_000_000_000L, 1_700_006_400_000L);
            LabelledExample fourth = reader.next();
            assertThat(fourth.features().values()).containsExactly(4);
            assertThat(reader.times()).containsExactly(1_700_000_000_000L, 1_700_000_001_000L);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.badRows()).isEqualTo(1);
            assertThat(reader.badRowSamples()).containsExactly("line 4: column 'observed' is not a time (epoch ms, "
                    + "ISO-8601 or a date)");
        }
        assertThatThrownBy(() -> new CsvExampleReader(new StringReader(csv), "y", Set.of(), MissingValuePolicy.IMPUTE,
                List.of("when"))).hasMessageContaining("no time column 'when'");
    }

    @Test
    void unknownColumnsAreClearErrors() {
        assertThatThrownBy(() -> new CsvExampleReader(new StringReader(CSV), "target", Set.of(), MissingValuePolicy.IMPUTE))
                .hasMessageContaining("no column 'target'");
        assertThatThrownBy(() -> new CsvExampleReader(new StringReader(CSV), "label", Set.of("nope"), MissingValuePolicy.IMPUTE))
                .hasMessageContaining("cannot ignore column 'nope'");
        assertThatThrownBy(() -> MissingValuePolicy.parse("zero")).hasMessageContaining("impute or skip-row");
    }

    @Test
    void breastCancerFileReadsWholly() {
        List<LabelledExample> rows = Streams.breastCancer();
        assertThat(rows).hasSize(699);
        assertThat(rows.stream().filter(r -> r.label().equals("2"))).hasSize(458);
        assertThat(rows.stream().filter(r -> r.features().size() == 8)).hasSize(16);
    }
}

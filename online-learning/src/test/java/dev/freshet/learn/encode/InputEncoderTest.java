package dev.freshet.learn.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.freshet.learn.FeatureVector;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each encoding makes of a feature vector, and the declarations refused. */
class InputEncoderTest {

    private static final List<String> TYPES = List.of("type_a", "type_b");
    private static final InputEncoding SHOPS = new InputEncoding(inOrder(
            FeatureEncoding.categorical("hour", 8, 10), FeatureEncoding.cyclical("minute", 60)),
            Map.of("type", TYPES), List.of(List.of("type", "hour")));
    private static final String[] NAMES = {"type_a", "type_b", "hour", "minute", "size"};

    /** Encodings in declaration order, as a feature set lists them. */
    static Map<String, FeatureEncoding> inOrder(FeatureEncoding... encodings) {
        Map<String, FeatureEncoding> map = new java.util.LinkedHashMap<>();
        for (FeatureEncoding e : encodings) {
            map.put(e.feature(), e);
        }
        return map;
    }

    private static Map<String, Double> encode(InputEncoder encoder, double... values) {
        return encoder.encode(new FeatureVector(NAMES, values)).asMap();
    }

    @Test
    void numericPassesCategoricalIsOneHotCyclicalIsSineAndCosineCrossesMultiply() {
        InputEncoder encoder = new InputEncoder(SHOPS);
        Map<String, Double> inputs = encode(encoder, 0, 1, 9, 15, 3.5);

        assertThat(inputs.keySet()).containsExactly("type_a", "type_b", "size", "hour=8", "hour=9", "hour=10",
                "hour=?", "minute~sin", "minute~cos", "type_a&hour=8", "type_a&hour=9", "type_a&hour=10",
                "type_a&hour=?", "type_b&hour=8", "type_b&hour=9", "type_b&hour=10", "type_b&hour=?");
        assertThat(inputs.get("size")).isEqualTo(3.5);
        assertThat(inputs.get("hour=9")).isEqualTo(1.0);
        assertThat(inputs.get("hour=8") + inputs.get("hour=10") + inputs.get("hour=?")).isZero();
        assertThat(inputs.get("minute~sin")).isCloseTo(1.0, within(1e-12)); // a quarter of the period
        assertThat(inputs.get("minute~cos")).isCloseTo(0.0, within(1e-12));
        assertThat(inputs.get("type_b&hour=9")).isEqualTo(1.0);
        assertThat(inputs.entrySet().stream().filter(e -> e.getKey().contains("&")).mapToDouble(Map.Entry::getValue)
                .sum()).isEqualTo(1.0);
        assertThat(encoder.unknownCategories()).containsEntry("hour", 0L);
    }

    @Test
    void aValueOutsideTheDeclaredOnesGoesToTheUnknownSlotAndIsCounted() {
        InputEncoder encoder = new InputEncoder(SHOPS);
        Map<String, Double> inputs = encode(encoder, 1, 0, 23, 0, 1);
        assertThat(inputs.get(InputEncoder.unknownSlot("hour"))).isEqualTo(1.0);
        assertThat(inputs.get("type_a&hour=?")).isEqualTo(1.0);
        encode(encoder, 1, 0, 9.5, 0, 1);
        assertThat(encoder.unknownCategories()).containsEntry("hour", 2L);
        // Encoding again without counting (a replay) leaves the count alone.
        encoder.encode(new FeatureVector(NAMES, new double[] {1, 0, 99, 0, 1}), false);
        assertThat(encoder.unknownCategories()).containsEntry("hour", 2L);
        // Negative and fractional values miss whole-number categories; fractional categories are matched exactly.
        encode(encoder, 1, 0, -8, 0, 1);
        assertThat(encoder.unknownCategories()).containsEntry("hour", 3L);
        InputEncoder halves = new InputEncoder(new InputEncoding(inOrder(FeatureEncoding.categorical("size",
                List.of(0.5, 1.5))), Map.of(), List.of()));
        assertThat(encode(halves, 0, 0, 0, 0, 1.5)).containsEntry("size=1.5", 1.0).containsEntry("size=0.5", 0.0);
        assertThat(encode(halves, 0, 0, 0, 0, 1.0)).containsEntry(InputEncoder.unknownSlot("size"), 1.0);
    }

    @Test
    void anAbsentFeatureLeavesItsSlotsAtZeroAndIsNotUnknown() {
        InputEncoder encoder = new InputEncoder(SHOPS);
        Map<String, Double> inputs = encoder.encode(new FeatureVector(new String[] {"type_a", "size"},
                new double[] {1, 2})).asMap();
        assertThat(inputs).doesNotContainKeys("type_b", "hour", "minute");
        assertThat(inputs.entrySet().stream().filter(e -> e.getKey().contains("=") || e.getKey().contains("~"))
                .mapToDouble(Map.Entry::getValue).sum()).isZero();
        assertThat(encoder.unknownCategories()).containsEntry("hour", 0L);
    }

    @Test
    void vectorsSharingANamesArrayShareTheEncodedNamesArray() {
        InputEncoder encoder = new InputEncoder(SHOPS);
        FeatureVector a = encoder.encode(new FeatureVector(NAMES, new double[] {1, 0, 8, 0, 1}));
        FeatureVector b = encoder.encode(new FeatureVector(NAMES, new double[] {0, 1, 10, 30, 2}));
        assertThat(a.names()).isSameAs(b.names());
    }

    @Test
    void slotsOnAFixedScaleAreUsedAsTheyAreNumericInputsStandardisedCrossesDivided() {
        InputEncoder encoder = new InputEncoder(SHOPS);
        assertThat(encoder.scaling("size")).isEqualTo(InputScaling.STANDARDISE);
        assertThat(encoder.scaling("hour=8")).isEqualTo(InputScaling.AS_IS);
        assertThat(encoder.scaling("minute~cos")).isEqualTo(InputScaling.AS_IS);
        // type_a is a numeric feature: its crosses are scaled, not centred, so that their zeros stay zeros.
        assertThat(encoder.scaling("type_a&hour=8")).isEqualTo(InputScaling.DIVIDE);
        assertThat(new InputEncoder(InputEncoding.NONE).scaling("hour")).isEqualTo(InputScaling.STANDARDISE);
        // Models saved before: their crosses are standardised like numeric features, as they were trained.
        InputEncoder raw = new InputEncoder(rawCrosses(SHOPS));
        assertThat(raw.scaling("type_a&hour=8")).isEqualTo(InputScaling.STANDARDISE);
        assertThat(raw.scaling("hour=8")).isEqualTo(InputScaling.AS_IS);
        // One-hot by one-hot is on a fixed scale whichever the cross scale.
        InputEncoding hourByWeekday = new InputEncoding(inOrder(FeatureEncoding.categorical("hour", 8, 10),
                FeatureEncoding.categorical("day", 1, 2)), Map.of(), List.of(List.of("hour", "day")));
        assertThat(new InputEncoder(hourByWeekday).scaling("hour=8&day=1")).isEqualTo(InputScaling.AS_IS);
    }

    private static InputEncoding rawCrosses(InputEncoding encoding) {
        return new InputEncoding(encoding.encodings(), encoding.groups(), encoding.crosses(),
                InputEncoding.CrossScale.RAW);
    }

    @Test
    void noEncodingReturnsTheVectorItself() {
        FeatureVector vector = new FeatureVector(NAMES, new double[] {1, 0, 8, 0, 1});
        assertThat(new InputEncoder(InputEncoding.NONE).encode(vector)).isSameAs(vector);
    }

    @Test
    void aCrossOfHugeNumericValuesStaysFinite() {
        InputEncoding numericCross = new InputEncoding(Map.of(), Map.of(), List.of(List.of("size", "hour")));
        FeatureVector encoded = new InputEncoder(numericCross).encode(new FeatureVector(NAMES,
                new double[] {0, 0, 1e300, 0, 1e300}));
        assertThat(Arrays.stream(encoded.values()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void theTextFormRoundTrips() {
        Map<String, String> text = SHOPS.asMap();
        assertThat(text).containsEntry("hour", "categorical(8,9,10)").containsEntry("minute", "cyclical(60)")
                .containsEntry("group.type", "type_a,type_b").containsEntry("cross.1", "type*hour")
                .containsEntry(InputEncoding.CROSS_SCALE, "uncentred");
        assertThat(InputEncoding.fromMap(text)).isEqualTo(SHOPS);
        // A model saved before crosses said how they are scaled: standardised, as it was trained.
        Map<String, String> saved = new java.util.LinkedHashMap<>(text);
        saved.remove(InputEncoding.CROSS_SCALE);
        assertThat(InputEncoding.fromMap(saved)).isEqualTo(rawCrosses(SHOPS));
        assertThat(InputEncoding.NONE.asMap()).isEmpty();
        assertThatThrownBy(() -> InputEncoding.fromMap(Map.of("cross.1", "a*b", InputEncoding.CROSS_SCALE, "cubed")))
                .hasMessageContaining("cross.scale");
        assertThat(InputEncoding.fromMap(Map.of())).isEqualTo(InputEncoding.NONE);
    }

    @Test
    void badDeclarationsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> FeatureEncoding.categorical("hour", List.of(1.0, 2.0, 1.0)))
                .hasMessageContaining("'hour'").hasMessageContaining("1 twice");
        assertThatThrownBy(() -> FeatureEncoding.cyclical("minute", 0)).hasMessageContaining("'minute'")
                .hasMessageContaining("period above 0");
        assertThatThrownBy(() -> FeatureEncoding.cyclical("minute", -24)).hasMessageContaining("'minute'");
        assertThatThrownBy(() -> FeatureEncoding.parse("hour", "ordinal(3)")).hasMessageContaining("'hour'");
        assertThatThrownBy(() -> SHOPS.withCrosses(List.of(List.of("type", "colour"))).requireKnown(List.of(NAMES)))
                .hasMessageContaining("type*colour").hasMessageContaining("'colour'");
        assertThatThrownBy(() -> InputEncoding.parseCross("type")).hasMessageContaining("two or more");
        assertThatThrownBy(() -> SHOPS.withCrosses(List.of(List.of("type", "hour"), List.of("type", "hour"))))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> new InputEncoding(Map.of(), Map.of("type", List.of("type_a", "ghost")), List.of())
                .requireKnown(List.of(NAMES))).hasMessageContaining("'ghost'");
        assertThatThrownBy(() -> new InputEncoding(Map.of("colour", FeatureEncoding.categorical("colour", 1, 2)),
                Map.of(), List.of()).requireKnown(List.of(NAMES))).hasMessageContaining("'colour'");
    }
}

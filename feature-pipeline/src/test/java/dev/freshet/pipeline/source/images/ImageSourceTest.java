package dev.freshet.pipeline.source.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.learn.data.FashionMnist;
import dev.freshet.learn.data.IdxImages;
import dev.freshet.pipeline.source.Emission;
import dev.freshet.pipeline.source.Pacer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The image source over the bundled Fashion-MNIST subset: pixels at once, labels later, and the two drifts. */
class ImageSourceTest {

    static final List<String> NAMES = FashionMnist.LABEL_NAMES;
    static IdxImages fashion;

    @BeforeAll
    static void read() throws Exception {
        fashion = FashionMnist.bundledSubset();
    }

    private static List<Emission> drain(ImageSource source) throws InterruptedException {
        List<Emission> all = new ArrayList<>();
        for (List<Emission> next = source.next(); !next.isEmpty(); next = source.next()) {
            all.addAll(next);
        }
        return all;
    }

    @Test
    void pixelsGoOutAtOnceAndEachLabelThatManyImagesLater() throws Exception {
        ImageSource source = new ImageSource(fashion, "fashion", NAMES, 3, ImageSource.Drift.NONE, 0, List.of(),
                Pacer.unlimited());
        assertThat(source.featureSet().features()).hasSize(784);
        assertThat(source.featureSet().labels()).containsExactlyElementsOf(NAMES);
        List<Emission> all = drain(source);
        assertThat(all).hasSize(4_000);
        // Image i's label follows image i + 3's pixels.
        assertThat(all.subList(0, 4)).allMatch(e -> e instanceof Emission.Features);
        LabelledExampleMessage first = ((Emission.Example) all.get(4)).message();
        assertThat(first.eventId()).isEqualTo("fashion-0");
        assertThat(first.label()).isEqualTo(NAMES.get(fashion.label(0)));
        assertThat(first.labelTime()).isAfterOrEqualTo(first.eventTime());
        FeatureVectorMessage pixels = ((Emission.Features) all.get(0)).message();
        assertThat(pixels.features()).hasSize(784).containsKey("px783");
        assertThat(pixels.features()).isEqualTo(first.features());
        assertThat(all).filteredOn(e -> e instanceof Emission.Example).hasSize(2_000);
        assertThat(source.counters()).containsEntry("images_sent", 2_000L).containsEntry("labels_sent", 2_000L);
    }

    @Test
    void aSwapExchangesTwoClassesFromTheDriftOnAndAnInversionTurnsThePixels() throws Exception {
        ImageSource swap = new ImageSource(fashion, "fashion", NAMES, 0, ImageSource.Drift.SWAP, 1_000, List.of(0, 6),
                Pacer.unlimited());
        for (int i = 0; i < fashion.count(); i++) {
            int original = fashion.label(i);
            int expected = i < 1_000 || (original != 0 && original != 6) ? original : 6 - original;
            assertThat(swap.label(i)).as("image %d", i).isEqualTo(expected);
        }
        ImageSource invert = new ImageSource(fashion, "fashion", NAMES, 0, ImageSource.Drift.INVERT, 1, List.of(),
                Pacer.unlimited());
        List<Emission> two = invert.next().subList(0, 4); // image 0, its label, image 1, its label
        double before = ((Emission.Features) two.get(0)).message().features().get("px400");
        double[] raw = new double[784];
        fashion.pixels(1, raw);
        assertThat(before).isEqualTo(fashion0(400));
        assertThat(((Emission.Features) two.get(2)).message().features().get("px400")).isEqualTo(255 - raw[400]);
    }

    private static double fashion0(int pixel) {
        double[] raw = new double[784];
        fashion.pixels(0, raw);
        return raw[pixel];
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new ImageSource(fashion, "fashion", NAMES, -1, ImageSource.Drift.NONE, 0, List.of(),
                Pacer.unlimited())).hasMessageContaining("counts of images");
        assertThatThrownBy(() -> new ImageSource(fashion, "fashion", NAMES, 0, ImageSource.Drift.SWAP, 0, List.of(3, 3),
                Pacer.unlimited())).hasMessageContaining("two different labels");
        ImageSource unnamed = new ImageSource(fashion, "digits", List.of(), 0, ImageSource.Drift.NONE, 0, List.of(),
                Pacer.unlimited());
        assertThat(unnamed.featureSet().labels()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}

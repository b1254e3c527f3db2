package dev.freshet.learn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX pairs read whole and checked: good files, gzipped or not, and each kind of damage named with its file. */
class IdxImagesTest {

    @TempDir
    Path dir;

    private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }

    /** Three 2 x 2 images whose pixels are their index times 10 plus the pixel's, labelled 7, 0, 255. */
    private static byte[] images(int count) throws IOException {
        byte[] pixels = new byte[count * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i / 4) * 10 + i % 4);
        }
        return idx(IdxImages.IMAGES_MAGIC, new int[] {count, 2, 2}, pixels);
    }

    private static byte[] labels(int count) throws IOException {
        byte[] labels = Arrays.copyOf(new byte[] {7, 0, (byte) 255}, count);
        return idx(IdxImages.LABELS_MAGIC, new int[] {count}, labels);
    }

    @Test
    void readsPlainAndGzippedPairsAlike() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            IdxImages read = IdxImages.read(write("i" + gzip, images(3), gzip), write("l" + gzip, labels(3), gzip));
            assertThat(read.count()).isEqualTo(3);
            assertThat(read.rows()).isEqualTo(2);
            assertThat(read.columns()).isEqualTo(2);
            assertThat(read.label(0)).isEqualTo(7);
            assertThat(read.label(2)).as("unsigned").isEqualTo(255);
            double[] pixels = new double[4];
            read.pixels(2, pixels);
            assertThat(pixels).containsExactly(20, 21, 22, 23);
        }
    }

    @Test
    void theShippedFashionMnistSubsetReads() throws Exception {
        String prefix = "dev/freshet/learn/data/fashion-mnist-train-2000-";
        ClassLoader loader = IdxImagesTest.class.getClassLoader();
        IdxImages fashion = IdxImages.read("images", loader.getResourceAsStream(prefix + "images-idx3-ubyte.gz"),
                "labels", loader.getResourceAsStream(prefix + "labels-idx1-ubyte.gz"));
        assertThat(fashion.count()).isEqualTo(2_000);
        assertThat(fashion.pixels()).isEqualTo(784);
        int[] perClass = new int[10];
        for (int i = 0; i < fashion.count(); i++) {
            perClass[fashion.label(i)]++;
        }
        assertThat(perClass).containsExactly(194, 216, 202, 195, 186, 200, 194, 215, 198, 200);
        double[] pixels = new double[784];
        fashion.pixels(0, pixels);
        assertThat(Arrays.stream(pixels).min().orElseThrow()).isZero();
        assertThat(Arrays.stream(pixels).max().orElseThrow()).isEqualTo(255.0);
    }

    @Test
    void aWrongMagicNumberNamesTheFileAndWhatItShouldBe() throws Exception {
        Path labelsAsImages = write("swapped", labels(3), false);
        assertThatThrownBy(() -> IdxImages.read(labelsAsImages, write("l", labels(3), false)))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining(labelsAsImages.toString())
                .hasMessageContaining("magic number 0x00000801, not the 0x00000803 of an IDX file of images");
        Path text = write("text", "hello, not idx".getBytes(), false);
        assertThatThrownBy(() -> IdxImages.read(write("i", images(3), false), text))
                .isInstanceOf(IdxFormatException.class).hasMessageStartingWith(text + ": magic number");
    }

    @Test
    void truncatedDataOrHeaderIsRefusedWithWhatIsMissing() throws Exception {
        byte[] whole = images(3);
        Path cut = write("cut", Arrays.copyOf(whole, whole.length - 5), true);
        assertThatThrownBy(() -> IdxImages.read(cut, write("l", labels(3), false)))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(cut + ": truncated: 3 images of 2 x 2 need 12 bytes of data, it has 7");
        Path header = write("header", Arrays.copyOf(whole, 6), false);
        assertThatThrownBy(() -> IdxImages.read(header, write("l2", labels(3), false)))
                .hasMessage(header + ": ends inside its header");
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        Path extra = write("extra", longer, false);
        assertThatThrownBy(() -> IdxImages.read(extra, write("l3", labels(3), false)))
                .hasMessage(extra + ": more data than its header's 3 images of 2 x 2");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws Exception {
        Path images = write("i", images(3), false);
        Path two = write("two", labels(2), false);
        assertThatThrownBy(() -> IdxImages.read(images, two)).isInstanceOf(IdxFormatException.class)
                .hasMessage(two + ": 2 labels for the 3 images of " + images);
    }

    @Test
    void anAbsurdHeaderIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Path huge = write("huge", idx(IdxImages.IMAGES_MAGIC, new int[] {1, 100_000, 100_000}, new byte[0]), false);
        assertThatThrownBy(() -> IdxImages.read(huge, write("l", labels(1), false)))
                .hasMessageContaining("images of 100000 x 100000 pixels");
        Path negative = write("negative", idx(IdxImages.LABELS_MAGIC, new int[] {-4}, new byte[0]), false);
        assertThatThrownBy(() -> IdxImages.read(write("i", images(3), false), negative))
                .hasMessageContaining("a count of -4 labels");
        Path missing = dir.resolve("nowhere.idx");
        assertThatThrownBy(() -> IdxImages.read(missing, missing)).hasMessage(missing + ": no such file");
    }
}

package dev.freshet.learn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Labelled grey images read from a pair of IDX files (as MNIST and Fashion-MNIST ship them, gzipped or not): an
 * image file (magic 2051: count, rows, columns, then one unsigned byte per pixel, row by row) and a label file
 * (magic 2049: count, then one unsigned byte per label). Both are read whole and checked against each other; any
 * problem fails the read with the file and what is wrong.
 */
public final class IdxImages {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** Larger images are refused rather than allocated (a damaged header could ask for gigabytes). */
    static final int MAX_PIXELS = 1 << 16;
    static final int MAX_COUNT = 10_000_000;

    private final int rows;
    private final int columns;
    private final byte[] pixels;
    private final byte[] labels;

    private IdxImages(int rows, int columns, byte[] pixels, byte[] labels) {
        this.rows = rows;
        this.columns = columns;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Reads both files.
     *
     * @throws IdxFormatException for a wrong magic number, an absurd header, truncated data, or counts that differ
     */
    public static IdxImages read(Path imageFile, Path labelFile) throws IOException {
        for (Path file : new Path[] {imageFile, labelFile}) {
            if (!Files.isRegularFile(file)) {
                throw new IdxFormatException(file.toString(), "no such file");
            }
        }
        try (InputStream images = Files.newInputStream(imageFile); InputStream labels = Files.newInputStream(labelFile)) {
            return read(imageFile.toString(), images, labelFile.toString(), labels);
        }
    }

    /** As {@link #read(Path, Path)}, from streams named {@code imageName} and {@code labelName} in messages. */
    public static IdxImages read(String imageName, InputStream imageStream, String labelName, InputStream labelStream)
            throws IOException {
        int rows;
        int columns;
        byte[] pixels;
        try (DataInputStream in = open(imageStream)) {
            int count = header(in, imageName, IMAGES_MAGIC, "images");
            rows = in.readInt();
            columns = in.readInt();
            if (rows < 1 || columns < 1 || (long) rows * columns > MAX_PIXELS) {
                throw new IdxFormatException(imageName, "images of " + rows + " x " + columns
                        + " pixels: each side must be at least 1 and an image at most " + MAX_PIXELS + " pixels");
            }
            pixels = body(in, imageName, (long) count * rows * columns, count + " images of " + rows + " x " + columns);
        } catch (EOFException e) {
            throw new IdxFormatException(imageName, "ends inside its header");
        }
        byte[] labels;
        try (DataInputStream in = open(labelStream)) {
            int count = header(in, labelName, LABELS_MAGIC, "labels");
            labels = body(in, labelName, count, count + " labels");
        } catch (EOFException e) {
            throw new IdxFormatException(labelName, "ends inside its header");
        }
        int images = pixels.length / (rows * columns);
        if (images != labels.length) {
            throw new IdxFormatException(labelName, labels.length + " labels for the " + images + " images of "
                    + imageName);
        }
        return new IdxImages(rows, columns, pixels, labels);
    }

    private static DataInputStream open(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in);
    }

    private static int header(DataInputStream in, String file, int magic, String what) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new IdxFormatException(file, String.format("magic number 0x%08x, not the 0x%08x of an IDX file of %s",
                    found, magic, what));
        }
        int count = in.readInt();
        if (count < 0 || count > MAX_COUNT) {
            throw new IdxFormatException(file, "a count of " + count + " " + what + " (0 to " + MAX_COUNT + ")");
        }
        return count;
    }

    private static byte[] body(DataInputStream in, String file, long length, String what) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException(file, what + " are more bytes than one array holds");
        }
        byte[] bytes = new byte[(int) length];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
            throw new IdxFormatException(file, "truncated: " + what + " need " + bytes.length + " bytes of data, it has "
                    + read);
        }
        if (in.read() != -1) {
            throw new IdxFormatException(file, "more data than its header's " + what);
        }
        return bytes;
    }

    /** Images (and labels) read. */
    public int count() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Pixels per image. */
    public int pixels() {
        return rows * columns;
    }

    /** The label of image {@code i}: 0 to 255. */
    public int label(int i) {
        return labels[i] & 0xff;
    }

    /** The grey values (0 to 255) of image {@code i}, row by row, into {@code out} of {@link #pixels()} values. */
    public void pixels(int i, double[] out) {
        int size = pixels();
        int from = i * size;
        for (int p = 0; p < size; p++) {
            out[p] = pixels[from + p] & 0xff;
        }
    }
}

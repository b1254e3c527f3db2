package dev.freshet.learn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where Fashion-MNIST's 60,000 training images are found: the files Debian's {@code dataset-fashion-mnist} package
 * installs, else the first 2,000 bundled with the project (MIT licence, see {@code data/README.md}).
 */
public final class FashionMnist {

    /** Where Debian's dataset-fashion-mnist installs it. */
    public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path DEBIAN_IMAGES = DEBIAN.resolve("train-images-idx3-ubyte.gz");
    public static final Path DEBIAN_LABELS = DEBIAN.resolve("train-labels-idx1-ubyte.gz");
    /** The bundled subset's resource names end in {@code images-idx3-ubyte.gz} and {@code labels-idx1-ubyte.gz}. */
    public static final String BUNDLED_SUBSET = "dev/freshet/learn/data/fashion-mnist-train-2000-";
    /** Class names by label number, as Fashion-MNIST documents them. */
    public static final List<String> LABEL_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** True when Debian's full training set is installed. */
    public static boolean installed() {
        return Files.isRegularFile(DEBIAN_IMAGES) && Files.isRegularFile(DEBIAN_LABELS);
    }

    /** Debian's 60,000 training images when installed, else the bundled 2,000. */
    public static IdxImages training() throws IOException {
        return installed() ? IdxImages.read(DEBIAN_IMAGES, DEBIAN_LABELS) : bundledSubset();
    }

    /** The first 2,000 training images, bundled on the classpath. */
    public static IdxImages bundledSubset() throws IOException {
        try (InputStream pixels = bundled(BUNDLED_SUBSET + "images-idx3-ubyte.gz");
             InputStream labels = bundled(BUNDLED_SUBSET + "labels-idx1-ubyte.gz")) {
            return IdxImages.read(BUNDLED_SUBSET + "images-idx3-ubyte.gz", pixels,
                    BUNDLED_SUBSET + "labels-idx1-ubyte.gz", labels);
        }
    }

    private static InputStream bundled(String resource) {
        InputStream in = FashionMnist.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the bundled data set " + resource + " is missing from the classpath");
        }
        return in;
    }
}

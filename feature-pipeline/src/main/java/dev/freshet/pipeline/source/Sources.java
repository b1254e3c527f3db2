package dev.freshet.pipeline.source;

import dev.freshet.learn.data.FashionMnist;
import dev.freshet.learn.data.IdxImages;
import dev.freshet.learn.data.MissingValuePolicy;
import dev.freshet.pipeline.config.PipelineConfig;
import dev.freshet.pipeline.source.crypto.CryptoSource;
import dev.freshet.pipeline.source.crypto.KrakenTradeFeed;
import dev.freshet.pipeline.source.crypto.TradeFeed;
import dev.freshet.pipeline.source.crypto.TradeFileFeed;
import dev.freshet.pipeline.source.crypto.TradeSimulator;
import dev.freshet.pipeline.source.csv.CsvReplaySource;
import dev.freshet.pipeline.source.drone.DroneSimulator;
import dev.freshet.pipeline.source.drone.DroneSource;
import dev.freshet.pipeline.source.images.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;

/** Builds the source named by configuration ({@code drone}, {@code crypto}, {@code csv} or {@code images}). */
public final class Sources {

    /** The bundled breast-cancer file, the default of the csv source. */
    public static final String BREAST_CANCER = "dev/freshet/learn/data/breast-cancer-wisconsin.csv";
    static final double CSV_DEFAULT_RATE = 100;
    static final double CRYPTO_DEFAULT_RATE = 200;
    static final double IMAGES_DEFAULT_RATE = 1000;

    private Sources() {}

    /** A new source per {@code config}; fails with a message naming the setting when it is wrong. */
    public static FeatureSource create(PipelineConfig.Source config) {
        return switch (config.kind()) {
            case "drone" -> drone(config);
            case "crypto" -> crypto(config);
            case "csv" -> csv(config);
            case "images" -> images(config);
            default -> throw new IllegalArgumentException("unknown source '" + config.kind()
                    + "' (FRESHET_PIPELINE_SOURCE_KIND): use drone, crypto, csv or images");
        };
    }

    private static FeatureSource drone(PipelineConfig.Source config) {
        PipelineConfig.Drone drone = config.drone();
        Instant start = drone.start().orElseGet(Sources::lastMonday);
        DroneSimulator simulator = new DroneSimulator(config.seed(), drone.shops(), start.plus(drone.driftAfter()));
        return new DroneSource(simulator, start, drone.maxHours(), drone.speedup(), new Pacer(config.rate().orElse(0)));
    }

    private static FeatureSource crypto(PipelineConfig.Source config) {
        PipelineConfig.Crypto crypto = config.crypto();
        Pacer pacer = new Pacer(config.rate().orElse(CRYPTO_DEFAULT_RATE));
        TradeFeed feed = switch (crypto.input()) {
            case "simulator" -> new TradeSimulator(crypto.symbols(), crypto.start().orElseGet(Instant::now),
                    config.seed(), pacer);
            case "kraken" -> new KrakenTradeFeed(crypto.url(), crypto.symbols(), crypto.reconnectDelay(),
                    crypto.reconnectMaxDelay(), crypto.idleTimeout(), crypto.closeGrace());
            case "csv" -> {
                Path file = crypto.file().orElseThrow(() -> new IllegalArgumentException(
                        "the crypto csv input needs a trades file (FRESHET_PIPELINE_SOURCE_CRYPTO_FILE)"));
                try {
                    yield new TradeFileFeed(open(file), crypto.symbols().get(0), pacer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> throw new IllegalArgumentException("unknown crypto input '" + crypto.input()
                    + "' (FRESHET_PIPELINE_SOURCE_CRYPTO_INPUT): use simulator, kraken or csv");
        };
        return new CryptoSource(feed, crypto.interval(), crypto.horizon());
    }

    private static FeatureSource csv(PipelineConfig.Source config) {
        PipelineConfig.Csv csv = config.csv();
        String name = csv.featureSet().orElseGet(() -> csv.file()
                .map(f -> f.getFileName().toString().replaceFirst("\\.[^.]*$", ""))
                .orElse("breast-cancer"));
        try (Reader reader = csv.file().isPresent() ? open(csv.file().get()) : bundled(BREAST_CANCER)) {
            return new CsvReplaySource(reader, name, csv.label(), new HashSet<>(csv.ignore().orElse(csv.file().isPresent() ? List.of() : List.of("id"))),
                    MissingValuePolicy.parse(csv.missing()), csv.testFraction(), csv.shuffle(), config.seed(),
                    new Pacer(config.rate().orElse(CSV_DEFAULT_RATE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FeatureSource images(PipelineConfig.Source config) {
        PipelineConfig.Images settings = config.images();
        if (settings.imagesFile().isPresent() != settings.labelsFile().isPresent()) {
            throw new IllegalArgumentException("the images source needs both files or neither "
                    + "(FRESHET_PIPELINE_SOURCE_IMAGES_IMAGES_FILE and ..._LABELS_FILE)");
        }
        ImageSource.Drift drift = switch (settings.drift()) {
            case "none" -> ImageSource.Drift.NONE;
            case "swap" -> ImageSource.Drift.SWAP;
            case "invert" -> ImageSource.Drift.INVERT;
            default -> throw new IllegalArgumentException("unknown image drift '" + settings.drift()
                    + "' (FRESHET_PIPELINE_SOURCE_IMAGES_DRIFT): use none, swap or invert");
        };
        try {
            IdxImages images = settings.imagesFile().isPresent()
                    ? IdxImages.read(settings.imagesFile().get(), settings.labelsFile().get())
                    : FashionMnist.training();
            return new ImageSource(images, settings.featureSet(), settings.labelNames(), settings.labelDelay(), drift,
                    settings.driftAfter(), settings.swap(), new Pacer(config.rate().orElse(IMAGES_DEFAULT_RATE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + file.toAbsolutePath(), e);
        }
    }

    private static Reader bundled(String resource) {
        return new InputStreamReader(bundledStream(resource), StandardCharsets.UTF_8);
    }

    private static InputStream bundledStream(String resource) {
        InputStream in = Sources.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the bundled data set " + resource + " is missing from the classpath");
        }
        return in;
    }

    /** The most recent Monday 00:00 UTC: where simulated drone time starts by default. */
    public static Instant lastMonday() {
        return Instant.now().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
    }
}

package dev.freshet.pipeline.source.images;

import dev.freshet.contract.FeatureSet;
import dev.freshet.contract.FeatureSpec;
import dev.freshet.contract.FeatureVectorMessage;
import dev.freshet.contract.LabelledExampleMessage;
import dev.freshet.learn.data.IdxImages;
import dev.freshet.pipeline.source.Emission;
import dev.freshet.pipeline.source.FeatureSource;
import dev.freshet.pipeline.source.Pacer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Streams labelled images in file order, as the CIFAR-10-over-Kafka seed streamed its images: each image's pixels
 * (grey values 0–255, named {@code px0}, {@code px1}, ... row by row) go to {@code freshet.features} at once, its
 * label {@code labelDelay} images later to {@code freshet.examples}. From image {@code driftAfter} on, an optional
 * drift changes the concept: {@code swap} exchanges two classes' labels, {@code invert} turns every pixel
 * {@code p} into {@code 255 - p}. The labels left when the images run out are sent last.
 */
public final class ImageSource implements FeatureSource {

    /** What changes at the drift. */
    public enum Drift { NONE, SWAP, INVERT }

    private static final int BATCH = 200;

    private final IdxImages images;
    private final FeatureSet featureSet;
    private final List<String> featureNames;
    private final List<String> labelNames;
    private final int labelDelay;
    private final Drift drift;
    private final int driftAfter;
    private final int swapA;
    private final int swapB;
    private final Pacer pacer;
    private final ArrayDeque<LabelledExampleMessage> waiting = new ArrayDeque<>();
    private final double[] buffer;
    private int position;
    private long labelsSent;

    /**
     * @param labelNames class names by label number (numbers beyond are named by themselves)
     * @param swap       the two label numbers {@link Drift#SWAP} exchanges
     */
    public ImageSource(IdxImages images, String featureSet, List<String> labelNames, int labelDelay, Drift drift,
                       int driftAfter, List<Integer> swap, Pacer pacer) {
        if (labelDelay < 0 || driftAfter < 0) {
            throw new IllegalArgumentException("the label delay and the drift's start are counts of images, not "
                    + labelDelay + " and " + driftAfter);
        }
        if (drift == Drift.SWAP && (swap.size() != 2 || swap.get(0).equals(swap.get(1)))) {
            throw new IllegalArgumentException("a swap exchanges two different labels, not " + swap);
        }
        this.images = images;
        this.labelDelay = labelDelay;
        this.drift = drift;
        this.driftAfter = driftAfter;
        this.swapA = drift == Drift.SWAP ? swap.get(0) : -1;
        this.swapB = drift == Drift.SWAP ? swap.get(1) : -1;
        this.pacer = pacer;
        this.buffer = new double[images.pixels()];
        this.featureNames = IntStream.range(0, images.pixels()).mapToObj(p -> "px" + p).toList();
        int classes = IntStream.range(0, images.count()).map(images::label).max().orElse(-1) + 1;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < Math.max(classes, labelNames.size()); c++) {
            names.add(c < labelNames.size() ? labelNames.get(c) : Integer.toString(c));
        }
        this.labelNames = Collections.unmodifiableList(names);
        this.featureSet = new FeatureSet(featureSet, 1, "image",
                featureNames.stream().map(name -> new FeatureSpec(name, true)).toList(), this.labelNames);
    }

    @Override
    public FeatureSet featureSet() {
        return featureSet;
    }

    @Override
    public List<Emission> next() throws InterruptedException {
        int end = Math.min(images.count(), position + pacer.batch(BATCH));
        List<Emission> out = new ArrayList<>(2 * (end - position));
        for (; position < end; position++) {
            pacer.acquire(1);
            String id = featureSet.name() + "-" + position;
            Instant now = Instant.now();
            FeatureVectorMessage vector = new FeatureVectorMessage(id, featureSet.name(), featureSet.version(), id, now,
                    pixels(position));
            out.add(Emission.of(vector));
            // The vector's own copy of the pixels: the messages share it instead of copying 784 values again.
            waiting.add(new LabelledExampleMessage(id, featureSet.name(), featureSet.version(), id, now, now,
                    vector.features(), labelNames.get(label(position))));
            while (waiting.size() > labelDelay) {
                out.add(labelled(waiting.poll()));
            }
        }
        if (position == images.count()) {
            while (!waiting.isEmpty()) {
                out.add(labelled(waiting.poll()));
            }
        }
        return out;
    }

    private Emission labelled(LabelledExampleMessage example) {
        labelsSent++;
        // The label becomes known now, later than the image was seen.
        return Emission.of(new LabelledExampleMessage(example.eventId(), example.featureSet(), example.schemaVersion(),
                example.entityId(), example.eventTime(), Instant.now(), example.features(), example.label()));
    }

    /** The label number of image {@code i}, after the drift if it has begun. */
    int label(int i) {
        int label = images.label(i);
        if (drift == Drift.SWAP && i >= driftAfter) {
            return label == swapA ? swapB : label == swapB ? swapA : label;
        }
        return label;
    }

    private Map<String, Double> pixels(int i) {
        images.pixels(i, buffer);
        boolean invert = drift == Drift.INVERT && i >= driftAfter;
        Map<String, Double> named = new LinkedHashMap<>(2 * buffer.length);
        for (int p = 0; p < buffer.length; p++) {
            named.put(featureNames.get(p), invert ? 255 - buffer[p] : buffer[p]);
        }
        return named;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("images_read", (long) images.count());
        counters.put("images_sent", (long) position);
        counters.put("labels_sent", labelsSent);
        counters.put("drift_images", drift == Drift.NONE ? 0L : Math.max(0L, position - driftAfter));
        return counters;
    }
}

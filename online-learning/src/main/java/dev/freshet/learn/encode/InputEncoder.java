package dev.freshet.learn.encode;

import dev.freshet.learn.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Applies an {@link InputEncoding} to feature vectors: the inputs a network sees. Numeric features present in the
 * vector pass as they are (the network standardises them); then every categorical feature's slots (one per
 * declared value and one for anything else), every cyclical feature's sine and cosine, then every cross's
 * products, all in a fixed order. A feature absent from a vector leaves its slots at 0. Values outside a
 * categorical feature's declared ones land in its unknown slot and are counted, never refused.
 *
 * <p>The layout is worked out once per names array (sources share one across examples) and its names array is
 * shared by every encoded vector, so a network maps it to its inputs once. Thread-safe: a served model encodes
 * from many threads.
 */
public final class InputEncoder {

    /** Name of the unknown slot of a categorical feature. */
    public static String unknownSlot(String feature) {
        return feature + "=?";
    }

    private final InputEncoding encoding;
    /** {@link InputEncoding#isNone()}, asked once: it was a few percent of the trainer's loop. */
    private final boolean none;
    private final List<String> categorical = new ArrayList<>();
    private final LongAdder[] unknown;
    private volatile EncodingLayout last;

    public InputEncoder(InputEncoding encoding) {
        this.encoding = encoding;
        this.none = encoding.isNone();
        encoding.encodings().forEach((feature, e) -> {
            if (e.kind() == FeatureEncoding.Kind.CATEGORICAL) {
                categorical.add(feature);
            }
        });
        this.unknown = new LongAdder[categorical.size()];
        for (int i = 0; i < unknown.length; i++) {
            unknown[i] = new LongAdder();
        }
    }

    public InputEncoding encoding() {
        return encoding;
    }

    /** The encoded vector; the vector itself when the encoding is {@link InputEncoding#NONE}. */
    public FeatureVector encode(FeatureVector features) {
        return encode(features, true);
    }

    /**
     * As {@link #encode(FeatureVector)}; {@code count} false leaves unknown categories uncounted (an example
     * encoded again, such as a replay).
     */
    public FeatureVector encode(FeatureVector features, boolean count) {
        return encode(features, count, null);
    }

    /**
     * As {@link #encode(FeatureVector, boolean)}, writing the values into {@code reuse} when it has their length: a
     * learner encodes every example, and a fresh array each time cost more than the encoding. The vector returned
     * is then valid only until {@code reuse} is written again.
     */
    public FeatureVector encode(FeatureVector features, boolean count, double[] reuse) {
        if (none) {
            return features;
        }
        EncodingLayout layout = layout(features.names());
        double[] out;
        if (reuse != null && reuse.length == layout.outNames.length) {
            Arrays.fill(reuse, 0);
            out = reuse;
        } else {
            out = new double[layout.outNames.length];
        }
        layout.apply(features.values(), count ? unknown : null, out);
        return new FeatureVector(layout.outNames, out);
    }

    /**
     * How the network scales input {@code name}: numeric features are standardised, slots already on a fixed scale
     * (one-hot, sine and cosine, their crosses) used as they are, crosses with a numeric factor as the encoding's
     * {@link InputEncoding.CrossScale} says. A name the encoding does not make is a numeric feature.
     */
    public InputScaling scaling(String name) {
        if (none) {
            return InputScaling.STANDARDISE;
        }
        InputScaling known = scalingByName().get(name);
        return known == null ? InputScaling.STANDARDISE : known;
    }

    /** How features named {@code rawNames}, in that order, become the encoded inputs. */
    public EncodingPlan plan(String[] rawNames) {
        return EncodingPlan.of(new EncodingLayout(encoding, rawNames.clone(), categorical));
    }

    /** Values outside the declared ones, per categorical feature, since this encoder was made. */
    public Map<String, Long> unknownCategories() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < unknown.length; i++) {
            counts.put(categorical.get(i), unknown[i].sum());
        }
        return counts;
    }

    private volatile Map<String, InputScaling> scalingByName;

    private Map<String, InputScaling> scalingByName() {
        Map<String, InputScaling> map = scalingByName;
        if (map == null) {
            map = new HashMap<>();
            EncodingLayout full = new EncodingLayout(encoding, new String[0], categorical);
            for (int i = 0; i < full.outNames.length; i++) {
                map.put(full.outNames[i], full.scaling[i]);
            }
            scalingByName = map;
        }
        return map;
    }

    private EncodingLayout layout(String[] names) {
        EncodingLayout layout = last;
        if (layout == null || layout.inNames != names) {
            layout = new EncodingLayout(encoding, names, categorical);
            last = layout;
        }
        return layout;
    }
}

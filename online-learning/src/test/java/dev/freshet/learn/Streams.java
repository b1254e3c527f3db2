package dev.freshet.learn;

import dev.freshet.learn.data.CsvExampleReader;
import dev.freshet.learn.data.MissingValuePolicy;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Test data: the breast-cancer file shipped on the classpath. */
public final class Streams {

    private Streams() {}

    public static Reader breastCancerCsv() {
        return new InputStreamReader(Objects.requireNonNull(
                Streams.class.getResourceAsStream("/dev/freshet/learn/data/breast-cancer-wisconsin.csv"),
                "breast-cancer-wisconsin.csv is not on the classpath"), StandardCharsets.UTF_8);
    }

    /** The 699 rows in file order; the missing bare_nuclei values are left out (imputed by the model). */
    public static List<LabelledExample> breastCancer() {
        try (CsvExampleReader reader = new CsvExampleReader(breastCancerCsv(), "class", Set.of("id"),
                MissingValuePolicy.IMPUTE)) {
            List<LabelledExample> examples = new ArrayList<>();
            reader.forEachRemaining(examples::add);
            return examples;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static LabelledExample example(String label, Object... namesAndValues) {
        String[] names = new String[namesAndValues.length / 2];
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = (String) namesAndValues[2 * i];
            values[i] = ((Number) namesAndValues[2 * i + 1]).doubleValue();
        }
        return new LabelledExample(new FeatureVector(names, values), label);
    }
}

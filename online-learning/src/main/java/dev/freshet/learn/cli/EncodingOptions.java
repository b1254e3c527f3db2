package dev.freshet.learn.cli;

import dev.freshet.learn.encode.FeatureEncoding;
import dev.freshet.learn.encode.InputEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The backtest's options for how features reach the model: one-hot, cyclical, groups and crosses. */
final class EncodingOptions {

    @Option(names = "--categorical", paramLabel = "NAME:VALUES",
            description = "One-hot encode a column over declared values, anything else in an unknown slot: "
                    + "hour:0..23 or colour:1,2,3 (repeatable).")
    List<String> categorical = List.of();

    @Option(names = "--cyclical", paramLabel = "NAME:PERIOD",
            description = "Encode a column as the sine and cosine of its period, e.g. hour:24 (repeatable).")
    List<String> cyclical = List.of();

    @Option(names = "--group", paramLabel = "NAME:COLUMNS",
            description = "Name columns together for crosses, e.g. type:type_a,type_b (repeatable).")
    List<String> groups = List.of();

    @Option(names = "--cross", paramLabel = "A*B",
            description = "Multiply the inputs of columns or groups together, e.g. type*hour (repeatable).")
    List<String> crosses = List.of();

    /**
     * The encoding the options declare.
     *
     * @throws IllegalArgumentException naming the option or column that is wrong
     */
    InputEncoding encoding() {
        Map<String, FeatureEncoding> encodings = new LinkedHashMap<>();
        for (String option : categorical) {
            String[] parts = nameAndValue("--categorical", option);
            encodings.put(parts[0], FeatureEncoding.categorical(parts[0], values(parts[1])));
        }
        for (String option : cyclical) {
            String[] parts = nameAndValue("--cyclical", option);
            encodings.put(parts[0], FeatureEncoding.parse(parts[0], "cyclical(" + parts[1] + ")"));
        }
        Map<String, List<String>> named = new LinkedHashMap<>();
        for (String option : groups) {
            String[] parts = nameAndValue("--group", option);
            named.put(parts[0], List.of(parts[1].split(",")).stream().map(String::trim).toList());
        }
        List<List<String>> crossed = new ArrayList<>();
        for (String option : crosses) {
            crossed.add(InputEncoding.parseCross(option));
        }
        return new InputEncoding(encodings, named, crossed);
    }

    private static String[] nameAndValue(String option, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(option + " takes NAME:VALUE, not '" + text + "'");
        }
        return new String[] {text.substring(0, colon).trim(), text.substring(colon + 1).trim()};
    }

    /** {@code 0..23} or {@code 1,2,3}. */
    private static List<Double> values(String text) {
        List<Double> values = new ArrayList<>();
        try {
            int range = text.indexOf("..");
            if (range > 0) {
                long from = Long.parseLong(text.substring(0, range).trim());
                long to = Long.parseLong(text.substring(range + 2).trim());
                if (to < from || to - from > 100_000) {
                    throw new IllegalArgumentException("--categorical range " + text + " must go up, by at most 100,000");
                }
                for (long v = from; v <= to; v++) {
                    values.add((double) v);
                }
            } else {
                for (String v : text.split(",")) {
                    values.add(Double.parseDouble(v.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--categorical values are numbers, as in 0..23 or 1,2,3: '" + text + "'");
        }
        return values;
    }
}

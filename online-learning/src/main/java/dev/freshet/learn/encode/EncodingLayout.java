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
 * Where each encoded output of an {@link InputEncoder} comes from, for one names array: the numeric copies, the
 * one-hot slots, the sine and cosine of cyclical features and the crosses, laid out once per names array and
 * applied to every vector with it.
 */
final class EncodingLayout {
    private static final int MAX_TABLE = 4096;
    final String[] inNames;
    final String[] outNames;
    final InputScaling[] scaling;
    /** Numeric features copied: input index, output index. */
    final int[] copyFrom;
    final int[] copyTo;
    /** Categorical features: input index (-1 absent), first slot, declared values, counter. */
    final int[] catFrom;
    final int[] catFirstSlot;
    final double[][] catValues;
    /**
     * Declared values that are whole numbers in a short range (hours, weekdays, codes): value minus the
     * smallest to slot, -1 for none; null otherwise. A lookup instead of a scan of every declared value.
     */
    final int[][] catTable;
    final double[] catMin;
    final int[] catCounter;
    /** Cyclical features: input index (-1 absent), sine slot (cosine next), 2π / period. */
    final int[] cycFrom;
    final int[] cycSlot;
    final double[] cycScale;
    /**
     * Crosses: per cross, its first output slot and, per factor, the term indexes it multiplies (a negative term
     * is a numeric factor absent from the vector) and the stride of that factor in the cross's slots.
     */
    final int[] crossFirstSlot;
    final int[][][] crossFactorTerms;
    final int[][] crossStrides;
    /** The most factors of any cross. */
    final int maxFactors;

    EncodingLayout(InputEncoding encoding, String[] names, List<String> categoricalOrder) {
        this.inNames = names;
        Map<String, Integer> in = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            in.put(names[i], i);
        }
        List<String> out = new ArrayList<>();
        List<InputScaling> scaledList = new ArrayList<>();
        Map<String, List<Integer>> termsOf = new HashMap<>();
        List<int[]> copies = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (encoding.encodingOf(names[i]).kind() == FeatureEncoding.Kind.NUMERIC) {
                copies.add(new int[] {i, out.size()});
                termsOf.put(names[i], List.of(out.size()));
                out.add(names[i]);
                scaledList.add(InputScaling.STANDARDISE);
            }
        }
        copyFrom = copies.stream().mapToInt(c -> c[0]).toArray();
        copyTo = copies.stream().mapToInt(c -> c[1]).toArray();
        List<FeatureEncoding> cats = new ArrayList<>();
        List<FeatureEncoding> cycs = new ArrayList<>();
        for (FeatureEncoding e : encoding.encodings().values()) {
            (e.kind() == FeatureEncoding.Kind.CATEGORICAL ? cats : cycs).add(e);
        }
        catFrom = new int[cats.size()];
        catFirstSlot = new int[cats.size()];
        catValues = new double[cats.size()][];
        catTable = new int[cats.size()][];
        catMin = new double[cats.size()];
        catCounter = new int[cats.size()];
        for (int c = 0; c < cats.size(); c++) {
            FeatureEncoding e = cats.get(c);
            catFrom[c] = in.getOrDefault(e.feature(), -1);
            catFirstSlot[c] = out.size();
            catValues[c] = e.categories().stream().mapToDouble(Double::doubleValue).toArray();
            catTable[c] = wholeNumberTable(catValues[c]);
            catMin[c] = catTable[c] == null ? 0 : Arrays.stream(catValues[c]).min().orElse(0);
            catCounter[c] = categoricalOrder.indexOf(e.feature());
            List<Integer> slots = new ArrayList<>();
            for (double v : catValues[c]) {
                slots.add(out.size());
                out.add(e.feature() + "=" + FeatureEncoding.format(v));
                scaledList.add(InputScaling.AS_IS);
            }
            slots.add(out.size());
            out.add(InputEncoder.unknownSlot(e.feature()));
            scaledList.add(InputScaling.AS_IS);
            termsOf.put(e.feature(), slots);
        }
        cycFrom = new int[cycs.size()];
        cycSlot = new int[cycs.size()];
        cycScale = new double[cycs.size()];
        for (int c = 0; c < cycs.size(); c++) {
            FeatureEncoding e = cycs.get(c);
            cycFrom[c] = in.getOrDefault(e.feature(), -1);
            cycSlot[c] = out.size();
            cycScale[c] = 2 * Math.PI / e.period();
            termsOf.put(e.feature(), List.of(out.size(), out.size() + 1));
            out.add(e.feature() + "~sin");
            out.add(e.feature() + "~cos");
            scaledList.add(InputScaling.AS_IS);
            scaledList.add(InputScaling.AS_IS);
        }
        int extraTerms = out.size();
        List<String> crossNames = new ArrayList<>();
        List<InputScaling> crossScaled = new ArrayList<>();
        InputScaling numericCross = encoding.crossScale() == InputEncoding.CrossScale.RAW
                ? InputScaling.STANDARDISE : InputScaling.DIVIDE;
        Map<Integer, String> termNames = new HashMap<>();
        for (int t = 0; t < out.size(); t++) {
            termNames.put(t, out.get(t));
        }
        int crosses = encoding.crosses().size();
        crossFirstSlot = new int[crosses];
        crossFactorTerms = new int[crosses][][];
        crossStrides = new int[crosses][];
        int factorsAtMost = 0;
        int slot = out.size();
        for (int x = 0; x < crosses; x++) {
            List<String> cross = encoding.crosses().get(x);
            List<List<Integer>> factorTerms = new ArrayList<>();
            for (String factor : cross) {
                List<String> members = encoding.groups().getOrDefault(factor, List.of(factor));
                List<Integer> terms = new ArrayList<>();
                for (String member : members) {
                    List<Integer> memberTerms = termsOf.get(member);
                    if (memberTerms == null) { // a numeric factor absent from this vector: a term of 0
                        int t = extraTerms++;
                        termsOf.put(member, List.of(-t - 1));
                        termNames.put(-t - 1, member);
                        memberTerms = termsOf.get(member);
                    }
                    terms.addAll(memberTerms);
                }
                factorTerms.add(terms);
            }
            factorsAtMost = Math.max(factorsAtMost, factorTerms.size());
            crossFirstSlot[x] = slot;
            crossFactorTerms[x] = factorTerms.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                    .toArray(int[][]::new);
            // Slots in the order of the factors' terms, the last factor varying fastest.
            int[] strides = new int[factorTerms.size()];
            int stride = 1;
            for (int f = factorTerms.size() - 1; f >= 0; f--) {
                strides[f] = stride;
                stride *= factorTerms.get(f).size();
            }
            crossStrides[x] = strides;
            for (int[] combination : combinations(factorTerms)) {
                StringBuilder name = new StringBuilder();
                boolean anyScaled = false;
                for (int k = 0; k < combination.length; k++) {
                    int t = combination[k];
                    if (k > 0) {
                        name.append('&');
                    }
                    name.append(termNames.get(t));
                    anyScaled |= t < 0 || scaledList.get(t) != InputScaling.AS_IS;
                }
                crossNames.add(name.toString());
                crossScaled.add(anyScaled ? numericCross : InputScaling.AS_IS);
            }
            slot += stride;
        }
        this.maxFactors = factorsAtMost;
        out.addAll(crossNames);
        scaledList.addAll(crossScaled);
        this.outNames = out.toArray(String[]::new);
        this.scaling = scaledList.toArray(InputScaling[]::new);
    }

    /**
     * Each cross's slots are products of one term of each factor; most terms are 0 (one-hot slots), so only the
     * products of terms that are not 0 are computed, in the slot their positions give. The rest stay 0.
     */
    private void crossProducts(double[] out) {
        int[][] nonZero = new int[maxFactors][];
        int[] counts = new int[maxFactors];
        for (int x = 0; x < crossFirstSlot.length; x++) {
            int[][] factors = crossFactorTerms[x];
            boolean empty = false;
            for (int f = 0; f < factors.length; f++) {
                int[] terms = factors[f];
                if (nonZero[f] == null || nonZero[f].length < terms.length) {
                    nonZero[f] = new int[terms.length];
                }
                int n = 0;
                for (int i = 0; i < terms.length; i++) {
                    int t = terms[i];
                    if (t >= 0 && out[t] != 0) {
                        nonZero[f][n++] = i;
                    }
                }
                counts[f] = n;
                empty |= n == 0;
            }
            if (!empty) {
                emit(out, x, factors, nonZero, counts, 0, crossFirstSlot[x], 1.0);
            }
        }
    }

    private void emit(double[] out, int x, int[][] factors, int[][] nonZero, int[] counts, int f, int slot,
                      double product) {
        if (f == factors.length) {
            // Finite values that are not 0 multiply to a finite value or an infinity, never NaN: clamped so that
            // no product overflows into a value the network refuses.
            out[slot] = Double.isInfinite(product) ? Math.copySign(Double.MAX_VALUE, product) : product;
            return;
        }
        for (int k = 0; k < counts[f]; k++) {
            int i = nonZero[f][k];
            emit(out, x, factors, nonZero, counts, f + 1, slot + i * crossStrides[x][f],
                    product * out[factors[f][i]]);
        }
    }

    private static int[] wholeNumberTable(double[] declared) {
        double min = Arrays.stream(declared).min().orElse(0);
        double max = Arrays.stream(declared).max().orElse(0);
        if (declared.length == 0 || max - min >= MAX_TABLE) {
            return null;
        }
        for (double v : declared) {
            if (v != Math.rint(v)) {
                return null;
            }
        }
        int[] table = new int[(int) (max - min) + 1];
        Arrays.fill(table, -1);
        for (int k = 0; k < declared.length; k++) {
            table[(int) (declared[k] - min)] = k;
        }
        return table;
    }

    /** The declared value {@code v} is, or the unknown slot's index (the number of declared values). */
    private int categorySlot(int c, double v) {
        double[] declared = catValues[c];
        int[] table = catTable[c];
        if (table != null) {
            double offset = v - catMin[c];
            if (offset >= 0 && offset < table.length && offset == Math.rint(offset)) {
                int k = table[(int) offset];
                return k >= 0 ? k : declared.length;
            }
            return declared.length;
        }
        for (int k = 0; k < declared.length; k++) {
            if (declared[k] == v) {
                return k;
            }
        }
        return declared.length;
    }

    private static List<int[]> combinations(List<List<Integer>> factors) {
        List<int[]> result = new ArrayList<>();
        result.add(new int[0]);
        for (List<Integer> terms : factors) {
            List<int[]> next = new ArrayList<>();
            for (int[] prefix : result) {
                for (int t : terms) {
                    int[] combination = Arrays.copyOf(prefix, prefix.length + 1);
                    combination[prefix.length] = t;
                    next.add(combination);
                }
            }
            result = next;
        }
        return result;
    }

    /** Writes the encoded values into {@code out}, all 0 and of the layout's length. */
    void apply(double[] values, LongAdder[] unknown, double[] out) {
        for (int i = 0; i < copyFrom.length; i++) {
            out[copyTo[i]] = values[copyFrom[i]];
        }
        for (int c = 0; c < catFrom.length; c++) {
            int from = catFrom[c];
            if (from < 0) {
                continue;
            }
            int slot = categorySlot(c, values[from]);
            if (slot == catValues[c].length && unknown != null) {
                unknown[catCounter[c]].increment();
            }
            out[catFirstSlot[c] + slot] = 1;
        }
        for (int c = 0; c < cycFrom.length; c++) {
            int from = cycFrom[c];
            if (from >= 0) {
                double angle = values[from] * cycScale[c];
                out[cycSlot[c]] = Math.sin(angle);
                out[cycSlot[c] + 1] = Math.cos(angle);
            }
        }
        if (crossFirstSlot.length > 0) {
            crossProducts(out);
        }
    }
}

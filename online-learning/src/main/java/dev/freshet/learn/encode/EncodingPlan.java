package dev.freshet.learn.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each encoded input comes from, for one order of raw features: what an export needs to rebuild the
 * {@link InputEncoder}'s work in another format. Outputs are laid out as the encoder lays them out: the numeric
 * copies first, then each categorical feature's slots (its declared values, then the unknown slot), each cyclical
 * feature's sine and cosine, then each cross's products.
 *
 * @param outputs     the encoded inputs' names, in layout order
 * @param numericFrom the raw index of each numeric copy; copy {@code i} is output {@code i}
 * @param categorical the one-hot features
 * @param cyclical    the sine and cosine features
 * @param crosses     the products
 */
public record EncodingPlan(List<String> outputs, int[] numericFrom, List<Categorical> categorical,
                           List<Cyclical> cyclical, List<Cross> crosses) {

    /**
     * A categorical feature: raw input {@code from}, one slot per declared value from {@code firstSlot}, and after
     * them the unknown slot. An absent value (NaN in a dense export) sets no slot at all.
     */
    public record Categorical(int from, int firstSlot, double[] values) {}

    /** A cyclical feature: raw input {@code from}, sine at {@code sinSlot}, cosine after it, of {@code x * radiansPerUnit}. */
    public record Cyclical(int from, int sinSlot, double radiansPerUnit) {}

    /**
     * A cross: from {@code firstSlot}, one slot per combination of one term of each factor (outputs before the
     * crosses), the last factor varying fastest; each slot the product of its terms.
     */
    public record Cross(int firstSlot, int[][] factorTerms) {}

    static EncodingPlan of(EncodingLayout layout) {
        List<Categorical> categorical = new ArrayList<>();
        for (int c = 0; c < layout.catFrom.length; c++) {
            categorical.add(new Categorical(layout.catFrom[c], layout.catFirstSlot[c], layout.catValues[c].clone()));
        }
        List<Cyclical> cyclical = new ArrayList<>();
        for (int c = 0; c < layout.cycFrom.length; c++) {
            cyclical.add(new Cyclical(layout.cycFrom[c], layout.cycSlot[c], layout.cycScale[c]));
        }
        List<Cross> crosses = new ArrayList<>();
        for (int x = 0; x < layout.crossFirstSlot.length; x++) {
            int[][] terms = layout.crossFactorTerms[x];
            for (int[] factor : terms) {
                for (int t : factor) {
                    if (t < 0) {
                        throw new IllegalArgumentException("a cross names a numeric feature missing from the raw "
                                + "features " + List.of(layout.inNames));
                    }
                }
            }
            crosses.add(new Cross(layout.crossFirstSlot[x], java.util.Arrays.stream(terms).map(int[]::clone)
                    .toArray(int[][]::new)));
        }
        for (int i = 0; i < layout.copyTo.length; i++) {
            if (layout.copyTo[i] != i) {
                throw new IllegalStateException("numeric copies are not the layout's first outputs");
            }
        }
        return new EncodingPlan(List.of(layout.outNames), layout.copyFrom.clone(), List.copyOf(categorical),
                List.copyOf(cyclical), List.copyOf(crosses));
    }
}

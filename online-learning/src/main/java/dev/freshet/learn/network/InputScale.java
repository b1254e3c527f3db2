package dev.freshet.learn.network;

/**
 * A frozen network's input scaling as arithmetic anyone can repeat: input {@code j} reaches the first layer as
 * {@code (x - shift[j]) * factor[j]}, held within {@code ±clip} when {@code clipped[j]}, and 0 when absent. Standardised
 * inputs shift by their mean, inputs divided by their spread shift by 0, inputs used as they are have factor 1 and
 * no clip, and inputs never observed have factor 0. This is what exports write into other formats.
 *
 * @param clip    the bound, in standard deviations
 * @param shift   subtracted first, per input
 * @param factor  multiplied next, per input
 * @param clipped whether the result is held within {@code ±clip}, per input
 */
public record InputScale(double clip, double[] shift, double[] factor, boolean[] clipped) {

    public InputScale {
        shift = shift.clone();
        factor = factor.clone();
        clipped = clipped.clone();
    }

    @Override
    public double[] shift() {
        return shift.clone();
    }

    @Override
    public double[] factor() {
        return factor.clone();
    }

    @Override
    public boolean[] clipped() {
        return clipped.clone();
    }

    /** Input {@code j} of {@code x} as the network sees it. */
    public double apply(int j, double x) {
        double z = (x - shift[j]) * factor[j];
        return clipped[j] ? Math.max(-clip, Math.min(clip, z)) : z;
    }
}

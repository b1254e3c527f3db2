package dev.freshet.learn.network;

import java.util.Arrays;
import org.tribuo.math.la.Tensor;

/** What Freshet's optimisers on Tribuo's interface do alike with their per-parameter state tensors. */
final class TensorState {

    private TensorState() {}

    /** True when both hold tensors of the same shapes, in the same order. */
    static boolean sameShapes(Tensor[] a, Tensor[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!Arrays.equals(a[i].getShape(), b[i].getShape())) {
                return false;
            }
        }
        return true;
    }

    /** Deep copies. */
    static Tensor[] copies(Tensor[] tensors) {
        Tensor[] copy = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            copy[i] = tensors[i].copy();
        }
        return copy;
    }
}

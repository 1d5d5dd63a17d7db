package dev.descent.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multilayer perceptrons: {@link Sequential} stacks of {@link Dense} layers with one hidden
 * activation and a linear output layer (logits or predictions, for the {@link Loss}).
 *
 * <pre>{@code
 * Sequential xor = Mlp.of(Activation.TANH, 2, 16, 2);                      // 2 → 16 tanh → 2
 * Sequential net = Mlp.of(Activation.RELU, 784, 256, 128, 10).withDropout(0.2);
 * }</pre>
 *
 * Hidden layers use the activation's default initialization (He for ReLU, Xavier otherwise); the
 * output layer is IDENTITY with Xavier uniform. Dropout, when set, follows every hidden layer.
 */
public final class Mlp {

    private Mlp() {
    }

    /**
     * An MLP with the given layer sizes.
     *
     * @param hidden the hidden layers' activation
     * @param sizes  inputs, the hidden widths, then outputs: at least two numbers, all ≥ 1
     */
    public static Sequential of(Activation hidden, int... sizes) {
        if (hidden == null) {
            throw new IllegalArgumentException("the hidden activation must not be null");
        }
        if (sizes.length < 2) {
            throw new IllegalArgumentException("sizes needs at least the inputs and the outputs, got " + sizes.length
                    + " number(s)");
        }
        long count = Arrays.stream(sizes).allMatch(n -> n >= 1) ? parameterCount(sizes) : 0; // else Dense refuses
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an MLP with layer sizes " + Arrays.toString(sizes) + " has " + count
                    + " parameters, more than the 2^31-1 = " + Integer.MAX_VALUE + " one flat Java array holds");
        }
        List<Dense> layers = new ArrayList<>();
        for (int k = 0; k + 1 < sizes.length; k++) {
            boolean last = k + 2 == sizes.length;
            layers.add(new Dense(sizes[k], sizes[k + 1], last ? Activation.IDENTITY : hidden));
        }
        return new Sequential(layers);
    }

    /**
     * The number of parameters of {@code of(activation, sizes)}, Σₖ (sizesₖ + 1)·sizesₖ₊₁, as a
     * {@code long}, so a size beyond one Java array can be reported before anything is allocated.
     *
     * @param sizes inputs, the hidden widths, then outputs: all ≥ 1
     */
    public static long parameterCount(int... sizes) {
        long n = 0;
        for (int k = 0; k + 1 < sizes.length; k++) {
            if (sizes[k] < 1 || sizes[k + 1] < 1) {
                throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + ": every size must be >= 1");
            }
            n += ((long) sizes[k] + 1) * sizes[k + 1];
        }
        return n;
    }
}

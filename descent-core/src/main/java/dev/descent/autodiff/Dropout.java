package dev.descent.autodiff;

import java.util.random.RandomGenerator;

/**
 * Inverted dropout with a recorded mask: each element is kept with probability 1 − p and then
 * scaled by 1/(1 − p), so the expected output equals the input and nothing changes at test time
 * (simply do not apply dropout there).
 *
 * <pre>
 *   mask:     μᵢ = 1/(1 − p) with probability 1 − p, else 0     (drawn once, by {@link #sample})
 *   forward:  y = x ⊙ μ
 *   vjp:      x̄ += ȳ ⊙ μ
 * </pre>
 *
 * The mask is part of the record, so the backward pass uses exactly the mask of the forward pass,
 * and the same generator state gives the same mask: randomness comes only from the generator the
 * caller passes (there is no global RNG).
 *
 * @param rate p, the probability of dropping an element, in [0, 1)
 * @param mask μ, one factor per element (0 or 1/(1 − p)); copied
 */
public record Dropout(double rate, double[] mask) implements Op {

    public Dropout {
        checkRate(rate);
        mask = mask.clone();
    }

    /**
     * Draws a mask for {@code size} elements: element i is kept when {@code rng.nextDouble() ≥ p},
     * drawn in index order.
     *
     * @param rng modified: advanced by {@code size} draws
     */
    public static Dropout sample(double rate, int size, RandomGenerator rng) {
        checkRate(rate);
        double keep = 1 / (1 - rate);
        double[] mask = new double[size];
        for (int i = 0; i < size; i++) {
            mask[i] = rng.nextDouble() >= rate ? keep : 0;
        }
        return new Dropout(rate, mask);
    }

    /** The mask (a copy). */
    @Override
    public double[] mask() {
        return mask.clone();
    }

    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor t = in[0];
        if (t.size() != mask.length) {
            throw new IllegalArgumentException("dropout: input " + t.shapeString() + " has " + t.size()
                    + " elements but the mask has " + mask.length);
        }
        double[] xd = t.data();
        int o = t.offset();
        double[] y = new double[t.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = xd[o + i] * mask[i];
        }
        return Tensor.fresh(y, t.shape());
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] gy, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null) {
            return;
        }
        for (int i = 0; i < gy.length; i++) {
            gx[i] += gy[i] * mask[i];
        }
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate = " + rate + " is outside [0, 1)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dropout d && d.rate == rate && java.util.Arrays.equals(d.mask, mask);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(rate) + java.util.Arrays.hashCode(mask);
    }

    @Override
    public String toString() {
        return "Dropout[rate=" + rate + ", " + mask.length + " elements]";
    }
}

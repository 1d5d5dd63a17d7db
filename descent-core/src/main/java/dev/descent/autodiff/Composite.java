package dev.descent.autodiff;

/**
 * Common functions composed from the primitives, so their gradients follow from the primitives'
 * rules (and need no test of their own beyond a gradient check). Each is as fast as a fused
 * primitive would be up to a few extra passes over its (usually small) operands.
 */
public final class Composite {

    private Composite() {
    }

    /** The affine layer {@code x·w + b}: x [m, k], w [k, n], b [n] → [m, n]. */
    public static Var linear(Var x, Var w, Var b) {
        return x.matmul(w).addBias(b);
    }

    /** Mean squared error, mean((pred − target)²), a scalar. */
    public static Var mse(Var prediction, Var target) {
        return prediction.sub(target).square().mean();
    }

    /** Σ x², a scalar (an L2 penalty is {@code sumOfSquares(w).mul(λ / 2)}). */
    public static Var sumOfSquares(Var x) {
        return x.square().sum();
    }

    /** Σ a ⊙ b, a scalar. */
    public static Var dot(Var a, Var b) {
        return a.mul(b).sum();
    }

    /**
     * Mean binary cross-entropy of probabilities p ∈ (0, 1) against targets y ∈ [0, 1]:
     * −mean(y ⊙ log p + (1 − y) ⊙ log(1 − p)). For saturated probabilities prefer logits with
     * {@link Var#softmaxCrossEntropy} over two classes, which is stable.
     */
    public static Var binaryCrossEntropy(Var p, Var y) {
        Tape t = p.tape();
        Var one = t.constant(1.0);
        Var pos = y.mul(p.log());
        Var neg = one.sub(y).mul(one.sub(p).log());
        return pos.add(neg).mean().neg();
    }
}

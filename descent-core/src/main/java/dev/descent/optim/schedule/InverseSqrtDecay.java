package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * Inverse-square-root decay.
 *
 * <pre>
 *   ε_k = ε₀ / √(1 + k/τ)
 * </pre>
 *
 * <p>With τ = 1 this is α_t = α/√t, t = k + 1, the schedule Kingma &amp; Ba use for the logistic
 * regression experiment of the Adam paper (§6.1, arXiv:1412.6980; also the rate of their regret
 * bound, §4): the first update uses α, the t-th α/√t.
 *
 * <h2>Conventions</h2>
 * The "inverse_sqrt" of Transformer training (fairseq, Vaswani et al.) is a linear warm-up to a peak
 * over w steps followed by peak·√w/√t, which is {@code LinearWarmup.then(new InverseSqrtDecay(peak, w))}
 * here: after the warm-up the local step is k′ = t − w and peak/√(1 + k′/w) = peak·√w/√t. Neither
 * torch nor Optax has a built-in (torch writes it with {@code LambdaLR}); Keras has none.
 *
 * @param initial ε₀, finite and &gt; 0
 * @param tau     τ, finite and &gt; 0; the value halves after 3τ steps
 * @see InverseTimeDecay
 */
public record InverseSqrtDecay(double initial, double tau) implements Schedule {

    public InverseSqrtDecay {
        Checks.positiveFinite("initial", initial);
        Checks.positiveFinite("tau", tau);
    }

    /** The Adam paper's α/√t with t = k + 1. */
    public static InverseSqrtDecay adamPaper(double alpha) {
        return new InverseSqrtDecay(alpha, 1);
    }

    @Override
    public double valueAt(long step) {
        return initial / Math.sqrt(1 + step / tau);
    }
}

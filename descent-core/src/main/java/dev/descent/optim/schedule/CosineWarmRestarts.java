package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * Cosine annealing with warm restarts (SGDR; torch's {@code CosineAnnealingWarmRestarts}).
 *
 * <pre>
 *   cycle i has length T_i = T₀·T_multⁱ and starts at k_i = T₀ + T₀·T_mult + … + T₀·T_multⁱ⁻¹
 *   T_cur = k − k_i   for the cycle with k_i ≤ k &lt; k_i + T_i
 *   ε_k = η_min + (ε₀ − η_min)·(1 + cos(π·T_cur/T_i))/2
 * </pre>
 *
 * <p>Each cycle starts at ε₀ (a "warm restart") and anneals towards η_min, which it never quite
 * reaches: the last step of a cycle has T_cur = T_i − 1.
 *
 * <h2>Conventions</h2>
 * torch {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult, eta_min)} stepped once per
 * update: same formula and order of operations. T_cur and T_i are found here with exact integer
 * arithmetic, as torch's recursive {@code step()} does; torch's {@code step(epoch)} with an explicit
 * epoch uses a floating-point logarithm instead, which can land in the wrong cycle at a boundary.
 * Like torch, T₀ and T_mult are integers (T_mult ≥ 1). Optax's {@code sgdr_schedule} joins
 * warm-up-cosine pieces with explicit lengths; a {@link Piecewise} of {@link CosineDecay}s does the
 * same here. Keras's {@code CosineDecayRestarts} adds {@code m_mul} (a lower peak after each restart),
 * which is not offered.
 *
 * <h2>References</h2>
 * I. Loshchilov, F. Hutter, "SGDR: Stochastic gradient descent with warm restarts", ICLR 2017,
 * arXiv:1608.03983, eq. (5).
 *
 * @param initial ε₀, finite and &gt; 0, the value at the start of every cycle
 * @param t0      T₀ ≥ 1, the length of the first cycle
 * @param tMult   T_mult ≥ 1, the growth factor of the cycle length
 * @param minimum η_min, finite and ≥ 0
 * @see CosineDecay
 */
public record CosineWarmRestarts(double initial, long t0, long tMult, double minimum) implements Schedule {

    public CosineWarmRestarts {
        Checks.positiveFinite("initial", initial);
        Schedules.checkAtLeast("t0", t0, 1);
        Schedules.checkAtLeast("tMult", tMult, 1);
        Checks.nonNegativeFinite("minimum", minimum);
    }

    /** torch's {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult, eta_min)} for lr ε₀. */
    public static CosineWarmRestarts torch(double initial, long t0, long tMult, double etaMin) {
        return new CosineWarmRestarts(initial, t0, tMult, etaMin);
    }

    @Override
    public double valueAt(long step) {
        long cur;
        long length;
        if (tMult == 1) {
            cur = step % t0;
            length = t0;
        } else {
            cur = step;
            length = t0;
            while (cur >= length) {
                cur -= length;
                if (length > Long.MAX_VALUE / tMult) {
                    // cur < 2^63 ≤ the next length: this is the last cycle a long can reach.
                    length = Long.MAX_VALUE;
                    break;
                }
                length *= tMult;
            }
        }
        return minimum + (initial - minimum) * (1 + Math.cos(Math.PI * cur / length)) / 2;
    }
}

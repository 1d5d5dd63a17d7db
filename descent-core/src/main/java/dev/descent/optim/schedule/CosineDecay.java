package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * Cosine annealing from ε₀ to η_min over T steps (Loshchilov &amp; Hutter's SGDR without restarts).
 *
 * <pre>
 *   ε_k = η_min + (ε₀ − η_min)·(1 + cos(π·k′/T))/2
 *   k′ = min(k, T)    (AfterEnd.HOLD, the default: η_min from k = T on)
 *   k′ = k            (AfterEnd.CONTINUE, torch: back up to ε₀ at k = 2T, and so on)
 * </pre>
 *
 * <h2>Conventions</h2>
 * The formula, with its order of operations, is torch's closed form of {@code CosineAnnealingLR(optimizer,
 * T_max=T, eta_min=η_min)}; torch itself evaluates a recursive form that agrees to about 1e-15.
 * torch does not clamp: after T_max the cosine continues and the learning rate rises again, which
 * {@link AfterEnd#CONTINUE} (and {@link #torch}) reproduce exactly. The default {@link AfterEnd#HOLD}
 * clamps like Optax's {@code cosine_decay_schedule(init_value, decay_steps=T, alpha)} and Keras's
 * {@code CosineDecay(initial, decay_steps, alpha)}, which write the floor as a fraction:
 * η_min = α·ε₀ (they evaluate ε₀·((1 − α)·c + α), equal to rounding). Optax's {@code exponent} is not
 * offered. Warm restarts are {@link CosineWarmRestarts}; a warm-up in front is
 * {@link LinearWarmup#then} or {@link Schedule#warmupCosine}.
 *
 * <p>With η_min = 0 the value reaches 0 at k = T; descent's optimizers refuse a learning rate of 0,
 * so give η_min &gt; 0 or stop before T.
 *
 * <h2>References</h2>
 * I. Loshchilov, F. Hutter, "SGDR: Stochastic gradient descent with warm restarts", ICLR 2017,
 * arXiv:1608.03983, eq. (5).
 *
 * @param initial  ε₀, finite and &gt; 0
 * @param minimum  η_min, finite and ≥ 0
 * @param tMax     T ≥ 1, the number of steps from ε₀ to η_min
 * @param afterEnd what happens after T steps
 * @see CosineWarmRestarts
 * @see OneCycle
 */
public record CosineDecay(double initial, double minimum, long tMax, AfterEnd afterEnd) implements Schedule {

    /** What a cosine decay does after its T steps. */
    public enum AfterEnd {
        /** Stay at η_min (Optax, Keras). The default. */
        HOLD,
        /** Keep following the cosine, which rises back to ε₀ at 2T (torch's {@code CosineAnnealingLR}). */
        CONTINUE
    }

    public CosineDecay {
        Checks.positiveFinite("initial", initial);
        Checks.nonNegativeFinite("minimum", minimum);
        Schedules.checkAtLeast("tMax", tMax, 1);
        Schedules.checkNotNull("afterEnd", afterEnd);
    }

    /** From ε₀ to η_min over T steps, then η_min (the default, {@link AfterEnd#HOLD}). */
    public static CosineDecay of(double initial, long tMax, double minimum) {
        return new CosineDecay(initial, minimum, tMax, AfterEnd.HOLD);
    }

    /** torch's {@code CosineAnnealingLR(optimizer, T_max, eta_min)} for an optimizer with lr ε₀ (not clamped). */
    public static CosineDecay torch(double initial, long tMax, double etaMin) {
        return new CosineDecay(initial, etaMin, tMax, AfterEnd.CONTINUE);
    }

    @Override
    public double valueAt(long step) {
        long k = afterEnd == AfterEnd.HOLD ? Math.min(step, tMax) : step;
        return minimum + (initial - minimum) * (1 + Math.cos(Math.PI * k / tMax)) / 2;
    }
}

package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * A linear ramp of a base value's factor from s to f over T steps, then constant (torch's
 * {@code LinearLR}); with s &lt; f a linear warm-up, with s &gt; f a linear decay.
 *
 * <pre>
 *   ε_k = ε·(s + (f − s)·min(k, T)/T)
 * </pre>
 *
 * <p>The first update uses s·ε and the update after T completed steps f·ε. Put it in front of another
 * schedule with {@link #then}: {@code new LinearWarmup(peak, 0.01, 1, 500).then(CosineDecay.of(peak, 9500, 0))}.
 *
 * <h2>Conventions</h2>
 * torch {@code LinearLR(optimizer, start_factor=s, end_factor=f, total_iters=T)} for an optimizer with
 * lr ε, with the same ranges (s in (0, 1], f in [0, 1]) and the same order of operations as its closed
 * form; torch steps recursively, which agrees to about 1e-15. torch's defaults are s = 1/3, f = 1,
 * T = 5 ({@link #torch(double)}). Optax's {@code linear_schedule(init_value, end_value,
 * transition_steps)} is the same line written with absolute end points (s·ε to f·ε); it allows a start
 * at 0, which descent's optimizers would refuse as a learning rate. The book's {@link LinearDecay} is
 * the decaying case with absolute end points.
 *
 * @param base        ε, finite and &gt; 0 (torch's {@code base_lr}, the optimizer's lr)
 * @param startFactor s in (0, 1]
 * @param endFactor   f in [0, 1]
 * @param totalIters  T ≥ 1
 * @see LinearDecay
 * @see Piecewise
 */
public record LinearWarmup(double base, double startFactor, double endFactor, long totalIters) implements Schedule {

    public LinearWarmup {
        Checks.positiveFinite("base", base);
        Schedules.checkFactor("startFactor", startFactor);
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("endFactor = " + endFactor + " is outside [0, 1]");
        }
        Schedules.checkAtLeast("totalIters", totalIters, 1);
    }

    /** torch's {@code LinearLR(optimizer)} with its defaults s = 1/3, f = 1, T = 5. */
    public static LinearWarmup torch(double base) {
        return new LinearWarmup(base, 1.0 / 3, 1, 5);
    }

    /**
     * This warm-up for its T steps, then {@code next} with its own step count starting at 0:
     * {@code Piecewise.of(this).then(totalIters, next)}.
     */
    public Piecewise then(Schedule next) {
        return Piecewise.of(this).then(totalIters, next);
    }

    @Override
    public double valueAt(long step) {
        return base * (startFactor + (endFactor - startFactor) * Math.min(step, totalIters) / totalIters);
    }
}

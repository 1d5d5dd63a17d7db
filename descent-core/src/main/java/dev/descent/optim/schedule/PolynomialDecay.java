package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * Polynomial decay from ε₀ to ε_T over T steps, then constant (Keras's {@code PolynomialDecay},
 * Optax's {@code polynomial_schedule}; torch's {@code PolynomialLR} is the case ε_T = 0).
 *
 * <pre>
 *   ε_k = (ε₀ − ε_T) · (1 − min(k, T)/T)^p + ε_T
 * </pre>
 *
 * <p>p = 1 is a linear decay (the book's {@link LinearDecay} up to rounding); p = 2 or ½ bend the
 * curve. After T steps the value stays at ε_T.
 *
 * <h2>Conventions</h2>
 * This is the Keras/Optax form, with an explicit end value, because torch's form always ends at 0
 * and descent's optimizers refuse a learning rate of 0: {@link #torch} builds
 * {@code PolynomialLR(optimizer, total_iters=T, power=p)} exactly (ε_T = 0), which is usable only for
 * the first T steps. Keras's {@code cycle=True} (restarting with a longer T) is not offered; use
 * {@link CosineWarmRestarts} or a {@link Piecewise}. Optax's {@code transition_begin} is a
 * {@link Piecewise} with a {@link Constant} first.
 *
 * @param initial ε₀, finite and &gt; 0
 * @param last    ε_T, finite and ≥ 0 (may exceed ε₀: a polynomial ramp up)
 * @param power   p, finite and &gt; 0
 * @param steps   T ≥ 1
 * @see LinearDecay
 */
public record PolynomialDecay(double initial, double last, double power, long steps) implements Schedule {

    public PolynomialDecay {
        Checks.positiveFinite("initial", initial);
        Checks.nonNegativeFinite("last", last);
        Checks.positiveFinite("power", power);
        Schedules.checkAtLeast("steps", steps, 1);
    }

    /** torch's {@code PolynomialLR(optimizer, total_iters, power)} for an optimizer with lr ε₀ (ends at 0). */
    public static PolynomialDecay torch(double initial, long totalIters, double power) {
        return new PolynomialDecay(initial, 0, power, totalIters);
    }

    @Override
    public double valueAt(long step) {
        double remaining = 1 - (double) Math.min(step, steps) / steps;
        return (initial - last) * Math.pow(remaining, power) + last;
    }
}

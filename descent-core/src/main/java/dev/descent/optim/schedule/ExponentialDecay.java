package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * Exponential decay (torch's {@code ExponentialLR}; Optax's and Keras's {@code exponential_decay}).
 *
 * <pre>
 *   ε_k = ε₀ · γ^(k / T)
 * </pre>
 *
 * <p>With T = 1 (the default of {@link #of}) this is torch's {@code ExponentialLR(gamma)}: ε_k = ε₀·γᵏ.
 *
 * <h2>Conventions</h2>
 * torch computes ε_k recursively (lr ← lr·γ after every step); the closed form used here agrees to
 * about 1e-15 relative over thousands of steps. Optax
 * {@code exponential_decay(init_value, transition_steps=T, decay_rate=γ)} and Keras
 * {@code ExponentialDecay(initial, decay_steps=T, decay_rate=γ)} are this formula; their
 * {@code staircase=True} (γ^⌊k/T⌋) is {@link StepDecay}. Optax's {@code transition_begin} is a
 * {@link Piecewise} with a {@link Constant} first, and its {@code end_value} clamp is not offered.
 *
 * @param initial    ε₀, finite and &gt; 0
 * @param gamma      γ in (0, 1], the factor per T steps
 * @param decaySteps T ≥ 1
 * @see StepDecay
 * @see InverseTimeDecay
 */
public record ExponentialDecay(double initial, double gamma, long decaySteps) implements Schedule {

    public ExponentialDecay {
        Checks.positiveFinite("initial", initial);
        Schedules.checkFactor("gamma", gamma);
        Schedules.checkAtLeast("decaySteps", decaySteps, 1);
    }

    /** torch's {@code ExponentialLR(optimizer, gamma)}: ε₀·γᵏ. */
    public static ExponentialDecay of(double initial, double gamma) {
        return new ExponentialDecay(initial, gamma, 1);
    }

    @Override
    public double valueAt(long step) {
        return initial * Math.pow(gamma, (double) step / decaySteps);
    }
}

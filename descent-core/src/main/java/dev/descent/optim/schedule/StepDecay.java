package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * Multiplies the value by γ every {@code every} steps (torch's {@code StepLR}).
 *
 * <pre>
 *   ε_k = ε₀ · γ^⌊k / every⌋
 * </pre>
 *
 * <p>k is the number of completed steps, so the first update uses ε₀ and the update after
 * {@code every} completed steps the first reduced value.
 *
 * <h2>Conventions</h2>
 * torch {@code StepLR(optimizer, step_size=every, gamma)} computes this recursively (agreeing to about
 * 1e-15); the book's "step decay" transcription in {@code shared/conformance} is this formula too.
 * Optax {@code exponential_decay(init_value, transition_steps=every, decay_rate=γ, staircase=True)} and
 * Keras {@code ExponentialDecay(..., staircase=True)} are the same. Several irregular reductions are
 * {@link MultiStepDecay}.
 *
 * @param initial ε₀, finite and &gt; 0
 * @param gamma   γ, the factor, in (0, 1]
 * @param every   the number of steps between reductions (≥ 1)
 * @see ExponentialDecay
 * @see MultiStepDecay
 */
public record StepDecay(double initial, double gamma, long every) implements Schedule {

    public StepDecay {
        Checks.positiveFinite("initial", initial);
        Schedules.checkFactor("gamma", gamma);
        Schedules.checkAtLeast("every", every, 1);
    }

    @Override
    public double valueAt(long step) {
        return initial * Math.pow(gamma, (double) (step / every));
    }
}

package dev.descent.optim.schedule;

/**
 * Multiplies the value by γ every {@code every} steps (torch's {@code StepLR}):
 *
 * <pre>
 *   ε_k = ε₀ · γ^⌊k / every⌋
 * </pre>
 *
 * <p>k is the number of completed steps, so the first update uses ε₀.
 *
 * @param initial ε₀
 * @param gamma   γ, the factor, in (0, 1]
 * @param every   the number of steps between reductions (≥ 1)
 */
public record StepDecay(double initial, double gamma, long every) implements Schedule {

    public StepDecay {
        Schedules.checkPositive("initial", initial);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma = " + gamma + " is outside (0, 1]");
        }
        if (every < 1) {
            throw new IllegalArgumentException("every = " + every + " must be >= 1");
        }
    }

    @Override
    public double valueAt(long step) {
        return initial * Math.pow(gamma, (double) (step / every));
    }
}

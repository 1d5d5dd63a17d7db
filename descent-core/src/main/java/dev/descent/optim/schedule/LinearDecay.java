package dev.descent.optim.schedule;

/**
 * The textbook's linear decay (Goodfellow et al., <i>Deep Learning</i>, §8.3.1):
 *
 * <pre>
 *   ε_k = (1 − k/τ)·ε₀ + (k/τ)·ε_τ   for k &lt; τ
 *   ε_k = ε_τ                        for k ≥ τ
 * </pre>
 *
 * <p>k is the number of completed steps, so the first update uses ε₀. The book advises ε_τ of
 * about 1% of ε₀ and τ of a few hundred passes through the data.
 *
 * @param initial ε₀, the value at k = 0
 * @param last    ε_τ, the value from k = τ on
 * @param tau     τ, the step at which the decay ends (≥ 1)
 */
public record LinearDecay(double initial, double last, long tau) implements Schedule {

    public LinearDecay {
        Schedules.checkPositive("initial", initial);
        Schedules.checkPositive("last", last);
        if (tau < 1) {
            throw new IllegalArgumentException("tau = " + tau + " must be >= 1");
        }
    }

    @Override
    public double valueAt(long step) {
        if (step >= tau) {
            return last;
        }
        double a = (double) step / tau;
        return (1 - a) * initial + a * last;
    }
}

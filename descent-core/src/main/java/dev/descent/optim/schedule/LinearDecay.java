package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * The textbook's linear decay (Goodfellow et al., <i>Deep Learning</i>, §8.3.1, eq. 8.14):
 *
 * <pre>
 *   ε_k = (1 − k/τ)·ε₀ + (k/τ)·ε_τ   for k &lt; τ
 *   ε_k = ε_τ                        for k ≥ τ
 * </pre>
 *
 * <p>k is the number of completed steps, so the first update uses ε₀. The book advises ε_τ of
 * about 1% of ε₀ and τ of a few hundred passes through the data.
 *
 * <h2>Conventions</h2>
 * This order of operations is the book transcription's in {@code shared/conformance}
 * ({@code lineardecay} cases). torch's {@code LinearLR(start_factor=1, end_factor=ε_τ/ε₀,
 * total_iters=τ)} ({@link LinearWarmup}), Optax's {@code linear_schedule(ε₀, ε_τ, τ)} and
 * {@link PolynomialDecay} with power 1 give the same line, equal to rounding.
 *
 * @param initial ε₀, the value at k = 0
 * @param last    ε_τ, the value from k = τ on
 * @param tau     τ, the step at which the decay ends (≥ 1)
 * @see LinearWarmup
 */
public record LinearDecay(double initial, double last, long tau) implements Schedule {

    public LinearDecay {
        Checks.positiveFinite("initial", initial);
        Checks.positiveFinite("last", last);
        Schedules.checkAtLeast("tau", tau, 1);
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

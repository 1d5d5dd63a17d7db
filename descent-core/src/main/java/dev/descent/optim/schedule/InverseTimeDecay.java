package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * Inverse-time ("1/t") decay, the Robbins–Monro rate.
 *
 * <pre>
 *   ε_k = ε₀ / (1 + k/τ)
 * </pre>
 *
 * <p>ε₀ for the first update, ε₀/2 after τ steps; Σε_k diverges and Σε_k² converges, the classical
 * conditions for SGD to converge on a convex problem (Goodfellow et al. §8.3.1, eq. 8.12–8.13).
 *
 * <h2>Conventions</h2>
 * Keras {@code InverseTimeDecay(initial, decay_steps, decay_rate)} is ε₀/(1 + rate·k/steps), i.e.
 * τ = decay_steps/decay_rate; its {@code staircase=True} is not offered. torch's {@code Adagrad}
 * {@code lr_decay} applies ε/(1 + k·lr_decay), i.e. τ = 1/lr_decay (torch has no scheduler for it;
 * {@code LambdaLR} writes it). Optax has no built-in; with τ = 1 this is Bottou's 1/(1 + k).
 *
 * @param initial ε₀, finite and &gt; 0
 * @param tau     τ, finite and &gt; 0, the number of steps to halve the value
 * @see InverseSqrtDecay
 */
public record InverseTimeDecay(double initial, double tau) implements Schedule {

    public InverseTimeDecay {
        Checks.positiveFinite("initial", initial);
        Checks.positiveFinite("tau", tau);
    }

    @Override
    public double valueAt(long step) {
        return initial / (1 + step / tau);
    }
}

package dev.descent.optim.schedule;

import dev.descent.util.Checks;
import java.util.List;

/**
 * Multiplies the value by γ at each milestone (torch's {@code MultiStepLR}).
 *
 * <pre>
 *   ε_k = ε₀ · γ^|{ m ∈ milestones : m ≤ k }|
 * </pre>
 *
 * <p>k is the number of completed steps, so the first update uses ε₀ and the update after
 * {@code milestones[i]} completed steps is the first to use the (i+1)-th reduction.
 *
 * <h2>Conventions</h2>
 * torch {@code MultiStepLR(optimizer, milestones, gamma)} computes this recursively; its closed form is
 * {@code base_lr·gamma^bisect_right(milestones, k)}, which is this formula. torch counts a repeated
 * milestone twice; here milestones must be strictly increasing (give γ² explicitly instead).
 * Optax's {@code piecewise_constant_schedule(init_value, {m: γ, ...})} and Keras's
 * {@code PiecewiseConstantDecay} express the same with per-boundary factors or values; Keras switches
 * <em>after</em> the boundary ({@code step > boundary}), one step later than torch and Optax.
 *
 * @param initial    ε₀, finite and &gt; 0
 * @param milestones the step counts at which γ is applied, strictly increasing, each ≥ 1
 * @param gamma      γ in (0, 1]
 * @see StepDecay
 */
public record MultiStepDecay(double initial, List<Long> milestones, double gamma) implements Schedule {

    public MultiStepDecay {
        Checks.positiveFinite("initial", initial);
        milestones = Schedules.checkMilestones("milestones", milestones);
        Schedules.checkFactor("gamma", gamma);
    }

    /** torch's {@code MultiStepLR(optimizer, milestones, gamma)} for an optimizer with lr ε₀. */
    public static MultiStepDecay of(double initial, double gamma, long... milestones) {
        Long[] boxed = new Long[milestones.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = milestones[i];
        }
        return new MultiStepDecay(initial, List.of(boxed), gamma);
    }

    @Override
    public double valueAt(long step) {
        return initial * Math.pow(gamma, Schedules.countReached(milestones, step));
    }
}

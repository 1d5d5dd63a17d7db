package dev.descent.minimize;

import dev.descent.optim.stop.StopReason;

/**
 * The outcome of a run.
 *
 * @param point         θ at the end (owned by this record)
 * @param value         J(θ)
 * @param gradientNorm  ‖∇J(θ)‖₂
 * @param iterations    updates applied
 * @param evaluations   objective evaluations, including a line search's trial points and the final
 *                      one at θ
 * @param reason        why it stopped
 * @param values        J at each point the loop checked, in order (the loss curve): one per
 *                      iterate, without a line search's rejected trial points
 * @param gradientNorms ‖∇J‖ at each point the loop checked
 * @param elapsedNanos  wall time
 */
public record Result(double[] point, double value, double gradientNorm, long iterations, long evaluations,
        StopReason reason, double[] values, double[] gradientNorms, long elapsedNanos) {

    /** True when a tolerance was met. */
    public boolean converged() {
        return reason.converged();
    }
}

package dev.descent.optim.stop;

/**
 * What a stopping criterion sees after each evaluation.
 *
 * @param iteration     updates completed so far (0 before the first update)
 * @param evaluations   objective evaluations so far
 * @param value         J at the latest evaluation point
 * @param previousValue J at the evaluation before, or NaN at the first
 * @param gradientNorm  ‖∇J‖₂ at the latest evaluation point (NaN where there is no gradient)
 * @param stepNorm      ‖θ_t − θ_{t−1}‖₂ of the latest update, or NaN before the first
 * @param paramNorm     ‖θ_t‖₂
 * @param elapsedNanos  wall time since the run started
 * @param history       every value so far, the latest included (read only)
 */
public record Progress(long iteration, long evaluations, double value, double previousValue, double gradientNorm,
        double stepNorm, double paramNorm, long elapsedNanos, ValueHistory history) {
}

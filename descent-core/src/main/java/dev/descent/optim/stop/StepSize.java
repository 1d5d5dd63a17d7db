package dev.descent.optim.stop;

import dev.descent.util.Checks;
import java.util.Optional;

/**
 * Converged when the last update moved θ by little:
 *
 * <pre>
 *   ‖θ_t − θ_{t−1}‖₂ ≤ absolute + relative · ‖θ_t‖₂
 * </pre>
 *
 * <p>Never true before the first update.
 *
 * @param absolute ≥ 0
 * @param relative ≥ 0 (one of the two must be &gt; 0)
 */
public record StepSize(double absolute, double relative) implements StoppingCriterion {

    public StepSize {
        Checks.nonNegativeFinite("absolute", absolute);
        Checks.nonNegativeFinite("relative", relative);
        if (absolute == 0 && relative == 0) {
            throw new IllegalArgumentException("absolute and relative are both 0: the criterion could never hold");
        }
    }

    /** An absolute tolerance on ‖Δθ‖. */
    public static StepSize of(double tolerance) {
        return new StepSize(tolerance, 0);
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        double step = p.stepNorm();
        if (Double.isNaN(step)) {
            return Optional.empty();
        }
        double bound = absolute + relative * p.paramNorm();
        if (step <= bound) {
            return Optional.of(new StopReason.Converged("step-size",
                    String.format("‖Δθ‖ = %.3g ≤ %.3g", step, bound)));
        }
        return Optional.empty();
    }
}

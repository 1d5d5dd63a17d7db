package dev.descent.optim.stop;

import dev.descent.util.Checks;
import java.util.Optional;

/**
 * Converged when ‖∇J‖₂ ≤ tolerance at the latest evaluation point.
 *
 * @param tolerance &gt; 0
 */
public record GradientNorm(double tolerance) implements StoppingCriterion {

    public GradientNorm {
        Checks.positiveFinite("tolerance", tolerance);
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        if (p.gradientNorm() <= tolerance) {
            return Optional.of(new StopReason.Converged("gradient-norm",
                    String.format("‖∇J‖ = %.3g ≤ %.3g", p.gradientNorm(), tolerance)));
        }
        return Optional.empty();
    }
}

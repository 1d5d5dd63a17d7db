package dev.descent.optim.stop;

import dev.descent.util.Checks;
import java.util.Optional;

/**
 * Converged when |J_t − J_{t−1}| ≤ tolerance. Never true at the first evaluation.
 *
 * @param tolerance &gt; 0
 */
public record AbsoluteChange(double tolerance) implements StoppingCriterion {

    public AbsoluteChange {
        Checks.positiveFinite("tolerance", tolerance);
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        if (Double.isNaN(p.previousValue())) {
            return Optional.empty();
        }
        double change = Math.abs(p.value() - p.previousValue());
        if (change <= tolerance) {
            return Optional.of(new StopReason.Converged("absolute-change",
                    String.format("|ΔJ| = %.3g ≤ %.3g", change, tolerance)));
        }
        return Optional.empty();
    }
}

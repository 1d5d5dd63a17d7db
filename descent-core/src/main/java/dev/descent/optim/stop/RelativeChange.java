package dev.descent.optim.stop;

import dev.descent.util.Checks;
import java.util.Optional;

/**
 * Converged when the objective barely changed between two evaluations, relative to its size:
 *
 * <pre>
 *   |J_t − J_{t−1}| ≤ tolerance · max(|J_t|, |J_{t−1}|)
 * </pre>
 *
 * <p>Hipparchus's {@code SimpleValueChecker} with a relative threshold. Never true at the first
 * evaluation. A tiny step on a flat stretch also satisfies it; combine with {@link GradientNorm}
 * through {@link StoppingCriterion#allOf} when that matters.
 *
 * @param tolerance &gt; 0
 */
public record RelativeChange(double tolerance) implements StoppingCriterion {

    public RelativeChange {
        Checks.positiveFinite("tolerance", tolerance);
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        double prev = p.previousValue();
        double cur = p.value();
        if (Double.isNaN(prev)) {
            return Optional.empty();
        }
        double change = Math.abs(cur - prev);
        double scale = Math.max(Math.abs(cur), Math.abs(prev));
        if (change <= tolerance * scale) {
            return Optional.of(new StopReason.Converged("relative-change",
                    String.format("|ΔJ| = %.3g ≤ %.3g·|J|", change, tolerance)));
        }
        return Optional.empty();
    }
}

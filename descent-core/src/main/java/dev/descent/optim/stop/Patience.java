package dev.descent.optim.stop;

import dev.descent.util.Checks;
import java.util.Optional;

/**
 * Stops when the objective has not improved for {@code patience} evaluations: none of the last
 * {@code patience} values is below the best value before them by more than {@code minDelta}
 * (Keras's {@code EarlyStopping(patience, min_delta)} on a value to minimize).
 *
 * <pre>
 *   stop at evaluation i ≥ patience  when  min(J_{i−patience+1..i}) &gt; min(J_{0..i−patience}) − minDelta
 * </pre>
 *
 * @param patience ≥ 1 evaluations without improvement
 * @param minDelta ≥ 0, the smallest decrease that counts as an improvement
 */
public record Patience(int patience, double minDelta) implements StoppingCriterion {

    public Patience {
        if (patience < 1) {
            throw new IllegalArgumentException("patience = " + patience + " must be >= 1");
        }
        Checks.nonNegativeFinite("minDelta", minDelta);
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        ValueHistory h = p.history();
        int last = h.size() - 1;
        int before = last - patience; // last index of the reference window
        if (before < 0) {
            return Optional.empty();
        }
        double best = h.minUpTo(before);
        double recent = Double.POSITIVE_INFINITY;
        for (int i = before + 1; i <= last; i++) {
            recent = Math.min(recent, h.value(i));
        }
        if (!(recent < best - minDelta)) {
            return Optional.of(new StopReason.Budget("patience", String.format(
                    "no improvement by more than %.3g in %d evaluations (best %.6g)", minDelta, patience, best)));
        }
        return Optional.empty();
    }
}

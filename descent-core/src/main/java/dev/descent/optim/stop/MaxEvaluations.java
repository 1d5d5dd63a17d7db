package dev.descent.optim.stop;

import java.util.Optional;

/**
 * Stops once {@code max} objective evaluations have been made (line searches may make several
 * per iteration).
 *
 * @param max ≥ 1
 */
public record MaxEvaluations(long max) implements StoppingCriterion {

    public MaxEvaluations {
        if (max < 1) {
            throw new IllegalArgumentException("max = " + max + " must be >= 1");
        }
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        if (p.evaluations() >= max) {
            return Optional.of(new StopReason.Budget("max-evaluations", "reached " + max + " evaluations"));
        }
        return Optional.empty();
    }
}

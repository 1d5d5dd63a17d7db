package dev.descent.optim.stop;

import java.util.Optional;

/**
 * Stops after {@code max} updates.
 *
 * @param max ≥ 0
 */
public record MaxIterations(long max) implements StoppingCriterion {

    public MaxIterations {
        if (max < 0) {
            throw new IllegalArgumentException("max = " + max + " must be >= 0");
        }
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        if (p.iteration() >= max) {
            return Optional.of(new StopReason.Budget("max-iterations", "reached " + max + " iterations"));
        }
        return Optional.empty();
    }
}

package dev.descent.optim.stop;

import java.time.Duration;
import java.util.Optional;

/**
 * Stops once the wall time since the start of the run reaches {@code budget}. The only
 * criterion that depends on the machine: runs stopped by it are not reproducible step for step.
 *
 * @param budget &gt; 0
 */
public record TimeBudget(Duration budget) implements StoppingCriterion {

    public TimeBudget {
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget = " + budget + " must be > 0");
        }
    }

    @Override
    public Optional<StopReason> check(Progress p) {
        if (p.elapsedNanos() >= budget.toNanos()) {
            return Optional.of(new StopReason.Budget("time-budget", "used the time budget of " + budget));
        }
        return Optional.empty();
    }
}

package dev.descent.optim.stop;

import java.util.List;
import java.util.Optional;

/**
 * Decides, after each evaluation, whether to stop: "while the tolerance is not met". Criteria are
 * immutable values; combine them with {@link #anyOf}.
 */
@FunctionalInterface
public interface StoppingCriterion {

    /** A reason to stop now, or empty to go on. */
    Optional<StopReason> check(Progress progress);

    /** Stops as soon as any of {@code criteria} does; the first one listed wins a tie. */
    static StoppingCriterion anyOf(StoppingCriterion... criteria) {
        List<StoppingCriterion> list = List.of(criteria);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("anyOf needs at least one criterion");
        }
        return p -> {
            for (StoppingCriterion c : list) {
                Optional<StopReason> r = c.check(p);
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        };
    }

    /**
     * Stops when every one of {@code criteria} says so at the same evaluation, e.g. a small
     * relative change <em>and</em> a small gradient. The reason is {@link StopReason.Converged}
     * when all are, otherwise {@link StopReason.Budget}; its detail joins theirs.
     */
    static StoppingCriterion allOf(StoppingCriterion... criteria) {
        List<StoppingCriterion> list = List.of(criteria);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("allOf needs at least one criterion");
        }
        return p -> {
            StringBuilder names = new StringBuilder();
            StringBuilder details = new StringBuilder();
            boolean allConverged = true;
            for (StoppingCriterion c : list) {
                Optional<StopReason> r = c.check(p);
                if (r.isEmpty()) {
                    return Optional.empty();
                }
                allConverged &= r.get().converged();
                names.append(names.length() == 0 ? "" : "+").append(r.get().criterion());
                details.append(details.length() == 0 ? "" : " and ").append(r.get().detail());
            }
            return Optional.of(allConverged
                    ? new StopReason.Converged(names.toString(), details.toString())
                    : new StopReason.Budget(names.toString(), details.toString()));
        };
    }
}

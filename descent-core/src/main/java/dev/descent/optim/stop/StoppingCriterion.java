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
}

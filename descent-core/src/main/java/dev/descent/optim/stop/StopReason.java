package dev.descent.optim.stop;

/**
 * Why a run stopped: it {@link Converged converged} (a tolerance was met), exhausted a
 * {@link Budget budget} (steps, evaluations, time, patience), or {@link Failed failed}
 * (a non-finite value or gradient).
 */
public sealed interface StopReason {

    /** The criterion's short name, e.g. {@code "gradient-norm"}. */
    String criterion();

    /** A sentence for people, e.g. {@code "‖∇J‖ = 8.1e-07 ≤ 1e-06"}. */
    String detail();

    /** True when a tolerance was met. */
    default boolean converged() {
        return this instanceof Converged;
    }

    /** A tolerance was met. */
    record Converged(String criterion, String detail) implements StopReason {
    }

    /** A budget ran out before any tolerance was met. */
    record Budget(String criterion, String detail) implements StopReason {
    }

    /** The run could not go on. */
    record Failed(String criterion, String detail) implements StopReason {
    }
}

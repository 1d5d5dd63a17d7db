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

    /**
     * The variant as one word: {@code converged}, {@code budget} or {@code failed}; the spelling in
     * checkpoints and JSON results.
     */
    default String kind() {
        return this instanceof Converged ? "converged" : this instanceof Budget ? "budget" : "failed";
    }

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

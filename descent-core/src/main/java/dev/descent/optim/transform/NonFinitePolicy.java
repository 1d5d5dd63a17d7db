package dev.descent.optim.transform;

/**
 * What {@link NonFiniteGuard} (and the trainer) do with a gradient that holds NaN or ±Infinity, or
 * with an update that makes θ or the optimizer state non-finite (undone first).
 */
public enum NonFinitePolicy {
    /** Throw {@link IllegalArgumentException} naming the step and the block; nothing changes. */
    REFUSE,
    /** Leave θ and the inner state as they are, count the skip, and go on (mixed-precision style). */
    SKIP,
    /** Throw {@link NonFiniteGradientException}, which drivers treat as "stop and keep the last good θ". */
    STOP
}

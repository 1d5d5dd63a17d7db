package dev.descent.tune;

import java.util.Objects;

/**
 * One trial of a search, as the search ended it.
 *
 * @param index  0-based, in sampling order
 * @param spec   the concrete optimizer spec it trained with (buildable alone)
 * @param seed   its training seed (θ₀ = {@code model.init(seed)}, minibatch order, dropout)
 * @param score  the metric on the validation set after its last rung; NaN when it diverged or failed
 * @param epochs the epochs it completed in all
 * @param steps  the minibatch steps it trained in all (the budget's unit with {@link Tuner.Unit#STEPS})
 * @param rung   the 0-based rung it reached (0 for random search)
 * @param status how it ended
 * @param detail why it diverged or failed; empty otherwise
 */
public record Trial(int index, String spec, long seed, double score, int epochs, long steps, int rung, Status status,
        String detail) {

    /** How a trial ended. */
    public enum Status {
        /** Trained to the full budget. */
        COMPLETED,
        /** Stopped by successive halving at a lower rung: its score is for {@link Trial#epochs()} epochs. */
        PRUNED,
        /** A loss, gradient, parameter or state entry turned non-finite (or the validation score is not finite). */
        DIVERGED,
        /** The run threw (e.g. its optimizer refused the model); see {@link Trial#detail()}. */
        FAILED;

        /** The lower-case name, as tables print it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Trial {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** True when the trial has a finite score (completed or pruned). */
    public boolean scored() {
        return status == Status.COMPLETED || status == Status.PRUNED;
    }
}

package dev.descent.optim.schedule;

/**
 * A learning rate (or any hyperparameter) as a function of the step count.
 *
 * <p>{@code valueAt(k)} is the value used by the update that follows {@code k} completed steps:
 * the first update uses {@code valueAt(0)} (the book's ε₀; torch's lr before any
 * {@code scheduler.step()}). The step count lives in the optimizer's state, so a schedule never
 * mutates anything and a restored state resumes the schedule exactly.
 */
@FunctionalInterface
public interface Schedule {

    /** The value for the update after {@code step} completed steps ({@code step >= 0}). */
    double valueAt(long step);

    /** A constant value. */
    static Schedule constant(double value) {
        return new Constant(value);
    }
}

package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * A learning rate (or any hyperparameter) as a function of the step count.
 *
 * <p>{@code valueAt(k)} is the value used by the update that follows {@code k} completed steps:
 * the first update uses {@code valueAt(0)} (the book's ε₀; torch's lr before any
 * {@code scheduler.step()}). The step count lives in the optimizer's state, so a schedule never
 * mutates anything and a restored state resumes the schedule exactly.
 *
 * <p>Schedules compose: {@link #times(double)} scales one ({@link Scaled}), {@link #times(Schedule)}
 * multiplies two ({@link Product}), {@link Piecewise} runs several one after another, each with its
 * own local step count, and {@link LinearWarmup#then} puts a warm-up in front of any schedule.
 */
@FunctionalInterface
public interface Schedule {

    /** The value for the update after {@code step} completed steps ({@code step >= 0}). */
    double valueAt(long step);

    /** A constant value. */
    static Schedule constant(double value) {
        return new Constant(value);
    }

    /** This schedule multiplied by {@code factor}: {@code valueAt(k)·factor} ({@link Scaled}). */
    default Schedule times(double factor) {
        return new Scaled(this, factor);
    }

    /** The pointwise product {@code this.valueAt(k)·other.valueAt(k)} ({@link Product}). */
    default Schedule times(Schedule other) {
        return new Product(this, other);
    }

    /**
     * Linear warm-up from {@code initial} to {@code peak} over {@code warmupSteps} steps, then a cosine
     * decay from {@code peak} to {@code end}, reached at step {@code decaySteps} and held after it:
     * Optax's {@code warmup_cosine_decay_schedule(init_value, peak_value, warmup_steps, decay_steps,
     * end_value)} (to rounding; like Optax, {@code decaySteps} counts the warm-up).
     *
     * <pre>
     *   ε_k = peak·(i/p + (1 − i/p)·k/w)                             for k &lt; w
     *   ε_k = end + (peak − end)·(1 + cos(π·(k − w)/(d − w)))/2       for w ≤ k &lt; d
     *   ε_k = end                                                    for k ≥ d
     * </pre>
     *
     * @param initial     the value at k = 0, in (0, peak] (Optax allows 0; descent's optimizers refuse a
     *                    learning rate of 0)
     * @param peak        the value at k = w
     * @param warmupSteps w ≥ 1
     * @param decaySteps  d &gt; w
     * @param end         the final value, ≥ 0
     * @return {@code new LinearWarmup(peak, initial/peak, 1, w).then(CosineDecay.of(peak, d − w, end))}
     */
    static Piecewise warmupCosine(double initial, double peak, long warmupSteps, long decaySteps, double end) {
        Checks.positiveFinite("peak", peak);
        if (decaySteps <= warmupSteps) {
            throw new IllegalArgumentException("decaySteps = " + decaySteps + " must be > warmupSteps = "
                    + warmupSteps + " (Optax counts the warm-up in decay_steps)");
        }
        double startFactor = initial / peak;
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("initial = " + initial + " is outside (0, peak = " + peak + "]");
        }
        return new LinearWarmup(peak, startFactor, 1, warmupSteps)
                .then(CosineDecay.of(peak, decaySteps - warmupSteps, end));
    }
}

package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * A schedule multiplied by a constant factor.
 *
 * <pre>
 *   ε_k = c · s(k)
 * </pre>
 *
 * <p>Torch has no scheduler for this (a constant factor is folded into {@code lr}, or chained with
 * {@code ConstantLR}/{@code LambdaLR}); Optax writes it as a lambda. Here it is a value, so it prints and
 * compares: {@code schedule.times(0.5)} builds one.
 *
 * @param schedule s, the schedule being scaled
 * @param factor   c, finite and &gt; 0
 * @see Product
 */
public record Scaled(Schedule schedule, double factor) implements Schedule {

    public Scaled {
        Schedules.checkNotNull("schedule", schedule);
        Checks.positiveFinite("factor", factor);
    }

    @Override
    public double valueAt(long step) {
        return schedule.valueAt(step) * factor;
    }
}

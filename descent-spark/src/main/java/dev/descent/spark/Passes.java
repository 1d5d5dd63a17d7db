package dev.descent.spark;

import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;

/**
 * The executor side's buffers, kept per task thread from round to round: a {@link TrainingPass} sized
 * for the batch (its shard buffers are megabytes for wide inputs, and fresh pages cost a fault each on
 * these machines) One entry per thread, replaced when a new run's recipe comes.
 */
final class Passes {

    private record Entry(ObjectiveRecipe recipe, Precision precision, int capacity, TrainingPass pass) {
    }

    private static final ThreadLocal<Entry> PASS = new ThreadLocal<>();

    private Passes() {
    }

    /** A pass for the recipe's objective in {@code precision} for batches of up to {@code capacity} rows. */
    static TrainingPass get(ObjectiveRecipe recipe, Precision precision, int capacity) {
        Entry e = PASS.get();
        if (e == null || e.recipe() != recipe || e.precision() != precision || e.capacity() != capacity) {
            e = new Entry(recipe, precision, capacity, TrainingPass.of(recipe.objective(), precision, capacity));
            PASS.set(e);
        }
        return e.pass();
    }
}

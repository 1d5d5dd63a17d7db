package dev.descent.optim.schedule;

/**
 * The pointwise product of two schedules.
 *
 * <pre>
 *   ε_k = a(k) · b(k)
 * </pre>
 *
 * <p>Useful to put a multiplicative shape on top of another schedule, e.g. a cosine base times a
 * step decay, with both counting the same steps. torch's {@code ChainedScheduler} multiplies its
 * schedulers' factors the same way (applying their recursive updates in turn); Optax has no
 * combinator for it. {@code a.times(b)} builds one.
 *
 * @param first  a
 * @param second b
 * @see Scaled
 */
public record Product(Schedule first, Schedule second) implements Schedule {

    public Product {
        Schedules.checkNotNull("first", first);
        Schedules.checkNotNull("second", second);
    }

    @Override
    public double valueAt(long step) {
        return first.valueAt(step) * second.valueAt(step);
    }
}

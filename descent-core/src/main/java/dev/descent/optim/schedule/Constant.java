package dev.descent.optim.schedule;

/**
 * The same value at every step.
 *
 * <pre>
 *   ε_k = ε
 * </pre>
 *
 * <h2>Conventions</h2>
 * A plain float {@code lr} in torch and Optax ({@code optax.constant_schedule}). Any value is
 * accepted here; the optimizer that uses it validates it (a learning rate must be finite and
 * &gt; 0, β₁ in [0, 1), ...). {@link Schedule#constant} builds one.
 *
 * @param value ε
 */
public record Constant(double value) implements Schedule {

    @Override
    public double valueAt(long step) {
        return value;
    }

    @Override
    public String toString() {
        return Double.toString(value);
    }
}

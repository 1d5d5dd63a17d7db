package dev.descent.optim.schedule;

/**
 * The same value at every step: ε_k = ε.
 *
 * @param value the value
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

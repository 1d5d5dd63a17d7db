package dev.descent.optim.stop;

import java.util.Arrays;

/**
 * The objective values seen so far in a run, one per evaluation, with running minima kept as they
 * are added so that patience-style criteria cost O(window) per check. Written by the loop that
 * drives the optimizer; criteria only read it.
 */
public final class ValueHistory {

    private double[] values = new double[64];
    private double[] prefixMin = new double[64];
    private int size;

    /** Appends a value (the loop calls this once per evaluation). */
    public void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            prefixMin = Arrays.copyOf(prefixMin, size * 2);
        }
        values[size] = value;
        prefixMin[size] = size == 0 ? value : Math.min(prefixMin[size - 1], value);
        size++;
    }

    /** Number of values. */
    public int size() {
        return size;
    }

    /** The i-th value (0-based). */
    public double value(int i) {
        check(i);
        return values[i];
    }

    /** min(values[0..i]), inclusive. */
    public double minUpTo(int i) {
        check(i);
        return prefixMin[i];
    }

    /** A copy of all values. */
    public double[] toArray() {
        return Arrays.copyOf(values, size);
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " is outside [0, " + size + ")");
        }
    }
}

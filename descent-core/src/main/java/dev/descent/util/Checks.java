package dev.descent.util;

/**
 * Argument checks written once for the whole library. Each returns its value so a compact
 * constructor can check and assign in one expression, and each message names the parameter, the
 * value and the allowed range, torch-style: {@code tolerance = -1.0 must be finite and > 0}.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Finite and &gt; 0 (NaN and ±∞ are refused).
     *
     * @param name  the parameter as the caller's user knows it, e.g. {@code "learningRate"}
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException {@code name = value must be finite and > 0}
     */
    public static double positiveFinite(String name, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite and > 0");
        }
        return value;
    }

    /**
     * Finite and ≥ 0 (NaN and ±∞ are refused).
     *
     * @param name  the parameter as the caller's user knows it
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException {@code name = value must be finite and >= 0}
     */
    public static double nonNegativeFinite(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite and >= 0");
        }
        return value;
    }
}

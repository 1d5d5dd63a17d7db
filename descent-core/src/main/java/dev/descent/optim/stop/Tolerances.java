package dev.descent.optim.stop;

/** Validation shared by the criteria. */
final class Tolerances {

    private Tolerances() {
    }

    static void positive(String name, double v) {
        if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + v + " must be finite and > 0");
        }
    }

    static void nonNegative(String name, double v) {
        if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " = " + v + " must be finite and >= 0");
        }
    }
}

package dev.descent.optim.schedule;

/** Validation shared by the schedules. */
final class Schedules {

    private Schedules() {
    }

    static void checkPositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite and > 0");
        }
    }
}

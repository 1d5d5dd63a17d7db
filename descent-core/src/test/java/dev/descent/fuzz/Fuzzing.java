package dev.descent.fuzz;

/** What every fuzz target checks of a refusal: it says something. */
final class Fuzzing {

    private Fuzzing() {
    }

    /** The refusal's message is not empty (a message naming nothing is a defect too). */
    static void requireMessage(Exception e, String input) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError(e.getClass().getSimpleName() + " without a message for input '" + input + "'", e);
        }
    }
}

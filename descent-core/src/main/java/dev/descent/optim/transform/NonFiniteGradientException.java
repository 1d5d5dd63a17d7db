package dev.descent.optim.transform;

/**
 * Thrown by {@link NonFiniteGuard} under {@link NonFinitePolicy#STOP}: the run should end and keep
 * its last good parameters. Nothing was changed by the step that threw.
 */
public final class NonFiniteGradientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final String where;

    public NonFiniteGradientException(long step, String where, double value) {
        super("non-finite gradient at step " + step + ": " + where + " = " + value + "; stopping");
        this.step = step;
        this.where = where;
    }

    /** The 1-based step whose gradient was not finite. */
    public long step() {
        return step;
    }

    /** The block and index, e.g. {@code W1[3] (flat index 3)}. */
    public String where() {
        return where;
    }
}

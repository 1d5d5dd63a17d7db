package dev.descent.optim.transform;

/**
 * Thrown by {@link NonFiniteGuard} under {@link NonFinitePolicy#STOP}: the run should end and keep
 * its last good parameters. Nothing was changed by the step that threw (a non-finite gradient, or
 * an update that made θ or the state non-finite and was undone).
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

    /**
     * An update that made the {@code what} ("parameters" or "optimizer state") non-finite; it was
     * undone, so nothing was changed.
     */
    public NonFiniteGradientException(long step, String what, String where, double value) {
        super("the update at step " + step + " made the " + what + " non-finite: " + where + " = " + value
                + "; the update was undone; stopping");
        this.step = step;
        this.where = where;
    }

    /** The 1-based step whose gradient (or update) was not finite. */
    public long step() {
        return step;
    }

    /** The block and index, e.g. {@code W1[3] (flat index 3)}. */
    public String where() {
        return where;
    }
}

package dev.descent.optim.transform;

import dev.descent.linalg.Vec;
import dev.descent.optim.OptimizerState;

/**
 * The one mechanism that undoes an update which made θ or an optimizer state non-finite (Adam's
 * second moment g² overflows to +∞ for |g| &gt; 1e154 with a finite gradient, which would freeze θ):
 * {@link #save} θ and the state before the update, then {@link #undoIfNonFinite} after it restores
 * both bit for bit when either holds a non-finite entry and says which. {@link NonFiniteGuard} and
 * the trainer's non-finite policy both use it. Memory: one vector of n and a copy of the state's
 * buffers, allocated once; saving and undoing allocate nothing (except the report of a bad entry).
 */
public final class StepUndo {

    /** Which of the two a bad update broke. */
    public enum Quantity {
        /** θ. */
        PARAMETERS,
        /** A buffer of the optimizer state (or of a wrapped optimizer's state). */
        STATE
    }

    /**
     * The first non-finite entry an update produced.
     *
     * @param quantity θ or the state
     * @param where    for θ the block and index ({@code W[0] (flat index 0)}), for the state the key and
     *                 index ({@code state 'adam.v'[3]})
     * @param value    the entry (NaN or ±∞)
     */
    public record NonFinite(Quantity quantity, String where, double value) {

        /** {@code parameters} or {@code optimizer state}, for messages. */
        public String what() {
            return quantity == Quantity.PARAMETERS ? "parameters" : "optimizer state";
        }
    }

    private final OptimizerState state;
    private final double[] previous;
    private final OptimizerState.Backup backup;

    /** Work space for undoing updates of {@code state} (and of θ of the same layout). */
    public StepUndo(OptimizerState state) {
        this.state = state;
        this.previous = new double[state.layout().size()];
        this.backup = state.newBackup();
    }

    /** Copies θ and the state; call before the update. */
    public void save(double[] params) {
        System.arraycopy(params, 0, previous, 0, previous.length);
        backup.save();
    }

    /** θ as of the last {@link #save} (a live buffer: read it, do not modify it). */
    public double[] savedParams() {
        return previous;
    }

    /**
     * After the update: null when θ and the state are finite (as the state allows: a "best so far"
     * may be +∞); otherwise θ and the state are restored to the last {@link #save} and the first bad
     * entry is returned (θ's before the state's).
     *
     * @param params modified only when restored
     */
    public NonFinite undoIfNonFinite(double[] params) {
        int badParam = Vec.firstNonFinite(params);
        NonFinite bad = null;
        if (badParam >= 0) {
            bad = new NonFinite(Quantity.PARAMETERS, state.layout().describe(badParam), params[badParam]);
        } else {
            OptimizerState.NonFiniteEntry e = state.firstNonFinite();
            if (e != null) {
                bad = new NonFinite(Quantity.STATE, "state '" + e.key() + "'[" + e.index() + "]", e.value());
            }
        }
        if (bad != null) {
            System.arraycopy(previous, 0, params, 0, previous.length);
            backup.restore();
        }
        return bad;
    }
}

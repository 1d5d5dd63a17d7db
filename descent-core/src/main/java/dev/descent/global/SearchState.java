package dev.descent.global;

/**
 * What every global method's state reports: how far the run has gone and the best point so far.
 * The states are immutable records; a step returns a new one.
 */
public interface SearchState {

    /** Iterations completed (0 for the state {@code init} returns). */
    long iteration();

    /** Objective evaluations made so far, the initial ones included. */
    long evaluations();

    /** The best point evaluated so far (a fresh copy). */
    double[] best();

    /** J at {@link #best()}; NaN only while every evaluation has failed. */
    double bestValue();
}

/**
 * Three programs that use descent as a user's project does, by Maven coordinates: minimize
 * Rosenbrock with Adam, train a small MLP on generated data, fit SIR to the 1978 outbreak. Each
 * checks its answer and exits 1 when it is wrong, so a broken public API fails CI.
 */
package dev.descent.examples;

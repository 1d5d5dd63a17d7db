/**
 * The minimization loop: any optimizer, any objective, any stopping criterion. It always asks the
 * optimizer where to evaluate the gradient, so the book's look-ahead Nesterov forms run as
 * written, and hands the objective to optimizers that search along a line
 * ({@link dev.descent.optim.LineSearchOptimizer}, such as L-BFGS), counting their trial evaluations.
 */
package dev.descent.minimize;

/**
 * Stopping criteria: immutable values checked after every gradient evaluation, in the shape of
 * Hipparchus's {@code ConvergenceChecker}. Every result carries the {@link
 * dev.descent.optim.stop.StopReason} that ended it, so reports say why a run stopped.
 */
package dev.descent.optim.stop;

/**
 * The flat parameter vector and its layout.
 *
 * <p>All parameters of a model or problem live in one {@code double[]}, described by a
 * {@link dev.descent.linalg.ParamLayout} of named, shaped blocks. Gradients and optimizer state
 * use the same layout, so update rules are single loops over flat arrays and state keys are stable
 * block names. Methods that write into an array say so ("modified"); all others leave their
 * arguments alone.
 */
package dev.descent.linalg;

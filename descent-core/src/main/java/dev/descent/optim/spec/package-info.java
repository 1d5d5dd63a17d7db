/**
 * Optimizer specs as text: {@code adamw(lr=1e-3, weight_decay=0.01) | clip_global_norm(1.0) @ step(every=1000)}.
 * One registry per kind ({@link dev.descent.optim.Optimizers}, {@link dev.descent.optim.spec.TransformSpecs},
 * {@link dev.descent.optim.spec.ScheduleSpecs}) feeds the parser, the command line's help and the tests.
 * Every error names the offending token and its position.
 */
package dev.descent.optim.spec;

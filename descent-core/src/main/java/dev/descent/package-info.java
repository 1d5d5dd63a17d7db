/**
 * descent: gradient-based optimization for Java. Start with {@link dev.descent.optim} (the
 * update rules) and {@link dev.descent.minimize.Minimizer} (the loop).
 */
package dev.descent;

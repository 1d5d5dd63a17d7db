/**
 * The shared thread pool and the fixed-chunk loops that run large vectors on every core with
 * results that do not depend on the number of threads ({@link dev.descent.parallel.Parallel}).
 */
package dev.descent.parallel;

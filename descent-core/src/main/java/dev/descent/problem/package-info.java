/**
 * Objectives: functions to minimize with their gradients, and benchmark problems with known
 * minima. Gradients are of the quantity being minimized and are written into buffers that the
 * caller owns.
 */
package dev.descent.problem;

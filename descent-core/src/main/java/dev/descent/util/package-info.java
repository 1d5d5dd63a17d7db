/**
 * Small helpers shared by every module: argument checks whose messages name the parameter, its
 * value and the allowed range ({@link dev.descent.util.Checks}), and the seed derivation of every
 * seeded run ({@link dev.descent.util.Seeds}).
 */
package dev.descent.util;

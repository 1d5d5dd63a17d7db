/**
 * Small helpers shared by every module: argument checks whose messages name the parameter, its
 * value and the allowed range ({@link dev.descent.util.Checks}). Seeds are derived in
 * {@link dev.descent.data.Seeds}.
 */
package dev.descent.util;

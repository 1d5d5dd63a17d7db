/**
 * Small helpers shared by every module: argument checks whose messages name the parameter, its
 * value and the allowed range ({@link dev.descent.util.Checks}), and byte counts in words for the
 * messages that refuse what would not fit ({@link dev.descent.util.Sizes}). Seeds are derived in
 * {@link dev.descent.data.Seeds}.
 */
package dev.descent.util;

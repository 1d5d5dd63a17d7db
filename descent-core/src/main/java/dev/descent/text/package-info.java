/**
 * Text shown to people: {@link dev.descent.text.Printable} escapes input (file names, CSV cells,
 * spec strings) before an error message echoes it, so a control character in the input cannot
 * move the cursor, recolour or clear the terminal, or forge a line of output.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every message that echoes input escapes it once, where the input is embedded (or the
 *       whole message when it holds no line breaks of its own).</li>
 *   <li>Escapes follow Python's {@code repr}: {@code \n}, {@code \r}, {@code \t}, {@code \xHH} for
 *       the other C0 and C1 controls and DEL, <code>&#92;uHHHH</code> for the rest.</li>
 * </ul>
 */
package dev.descent.text;

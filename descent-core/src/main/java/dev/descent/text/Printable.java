package dev.descent.text;

/**
 * Escapes the characters of untrusted text that a terminal would act on rather than show, for
 * echoing input in messages: {@code escape("a" + (char) 27 + "[31mb")} is {@code a\x1b[31mb}.
 *
 * <p>Escaped, in Python's {@code repr} notation:
 * <ul>
 *   <li>line feed, carriage return and tab as {@code \n}, {@code \r}, {@code \t};</li>
 *   <li>the other C0 controls (U+0000–U+001F), DEL (U+007F) and the C1 controls (U+0080–U+009F,
 *       which some terminals read as escape sequences) as {@code \xHH};</li>
 *   <li>the line and paragraph separators U+2028 and U+2029, the bidirectional embeddings,
 *       overrides and isolates (U+202A–U+202E, U+2066–U+2069, which reorder what follows them)
 *       and unpaired surrogates as <code>&#92;uHHHH</code>.</li>
 * </ul>
 * Everything else, including backslashes and printable non-ASCII text, is kept, so Windows paths
 * and accented names read as they are. The function is idempotent: its output has nothing left to
 * escape.
 */
public final class Printable {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Printable() {
    }

    /**
     * {@code text} with the characters above escaped; {@code "null"} for null (as string
     * concatenation would show it).
     */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int n = text.length();
        int i = 0;
        while (i < n && !needsEscape(text, i)) {
            i++;
        }
        if (i == n) {
            return text.toString();
        }
        StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!needsEscape(text, i)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x100) {
                b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                b.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        return b.toString();
    }

    /** {@link #escape} of {@code text} in single quotes, the way messages quote a value: {@code 'a\x1bb'}. */
    public static String quote(CharSequence text) {
        return "'" + escape(text) + "'";
    }

    /**
     * True when {@code text} has a character that {@link #escape} would change.
     */
    public static boolean isPrintable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(CharSequence s, int i) {
        char c = s.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}

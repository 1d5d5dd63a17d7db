package dev.descent.optim.spec;

import dev.descent.text.Printable;

/**
 * A spec string that cannot be read or built. The message names the offending token, its
 * 0-based position, and shows the spec with a caret under it. Control characters in the spec are
 * shown escaped ({@link Printable}), with the caret still under the offending character.
 */
public final class SpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String spec;
    private final int position;
    private final String problem;

    public SpecException(String spec, int position, String problem) {
        super(Printable.escape(problem) + " at position " + position + "\n  " + Printable.escape(spec) + "\n  "
                + " ".repeat(caretColumn(spec, position)) + "^");
        this.spec = spec;
        this.position = position;
        this.problem = problem;
    }

    /** Where the caret goes under the escaped spec: the escaped length of the text before {@code position}. */
    private static int caretColumn(String spec, int position) {
        int p = Math.max(0, position);
        int k = Math.min(p, spec.length());
        return Printable.escape(spec.substring(0, k)).length() + (p - k);
    }

    /** The whole spec. */
    public String spec() {
        return spec;
    }

    /** 0-based index of the offending token. */
    public int position() {
        return position;
    }

    /** The problem without the position and caret. */
    public String problem() {
        return problem;
    }
}

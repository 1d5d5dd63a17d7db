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
        super(Printable.escape(problem) + " at position " + position + excerpt(spec, position));
        this.spec = spec;
        this.position = position;
        this.problem = problem;
    }

    /** Specs up to this length are shown whole; a longer one is cut to a window around the caret. */
    static final int SHOWN_WHOLE = 200;

    /** How much of a long spec is shown either side of the caret. */
    static final int CONTEXT = 60;

    /**
     * The spec (or, when long, the window around {@code position}), escaped, and a caret under the
     * position: the caret's column is the escaped length of the text shown before it.
     */
    private static String excerpt(String spec, int position) {
        String s = spec == null ? "" : spec;
        int at = Math.max(0, Math.min(position, s.length()));
        boolean whole = s.length() <= SHOWN_WHOLE;
        int from = whole ? 0 : Math.max(0, at - CONTEXT);
        int to = whole ? s.length() : Math.min(s.length(), at + CONTEXT);
        String head = (from > 0 ? "…" : "") + Printable.escape(s.substring(from, at));
        String shown = head + Printable.escape(s.substring(at, to)) + (to < s.length() ? "…" : "");
        return "\n  " + shown + "\n  " + " ".repeat(head.length() + Math.max(0, position - s.length())) + "^";
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

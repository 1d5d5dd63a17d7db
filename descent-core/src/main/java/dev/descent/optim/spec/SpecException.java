package dev.descent.optim.spec;

/**
 * A spec string that cannot be read or built. The message names the offending token, its
 * 0-based position, and shows the spec with a caret under it.
 */
public final class SpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String spec;
    private final int position;
    private final String problem;

    public SpecException(String spec, int position, String problem) {
        super(problem + " at position " + position + "\n  " + spec + "\n  " + " ".repeat(Math.max(0, position)) + "^");
        this.spec = spec;
        this.position = position;
        this.problem = problem;
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

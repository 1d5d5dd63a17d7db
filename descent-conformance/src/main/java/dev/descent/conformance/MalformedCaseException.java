package dev.descent.conformance;

import java.nio.file.Path;

/**
 * A case file that cannot be used: not valid JSON, a wrong format tag, a missing or ill-typed
 * field, inconsistent lengths. The message names the file and the field, for example
 * {@code sgd.plain.quadA.json: steps[3].theta has length 4, expected 5 (problem.dim)}.
 */
public final class MalformedCaseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;

    /**
     * @param file   the file (or another description of the source)
     * @param field  the JSON path of the offending field, e.g. {@code steps[3].theta}
     * @param detail what is wrong with it, starting with a verb: "is missing", "has length 4, ..."
     */
    public MalformedCaseException(String file, String field, String detail) {
        super(file + ": " + field + " " + detail);
        this.file = file;
        this.field = field;
    }

    /** Same, with the underlying cause (e.g. a JSON syntax error). */
    public MalformedCaseException(String file, String field, String detail, Throwable cause) {
        super(file + ": " + field + " " + detail, cause);
        this.file = file;
        this.field = field;
    }

    /** The file name as given to the reader. */
    public String file() {
        return file;
    }

    /** The JSON path of the offending field. */
    public String field() {
        return field;
    }

    static String describe(Path path) {
        return path == null ? "<case>" : path.toString();
    }
}

package dev.descent.data;

import dev.descent.text.Printable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A malformed or inconsistent IDX file: the message names the file and what is wrong, for example
 * {@code data/train-images-idx3-ubyte.gz: truncated: the header declares 60000 images of 28 × 28
 * (47040000 bytes) but only 1000 bytes follow}. Control characters in it (from a file name) are
 * escaped ({@link Printable}).
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file    the file at fault
     * @param problem what is wrong, without the file name
     */
    public IdxFormatException(Path file, String problem) {
        super(Printable.escape(file + ": " + problem));
        this.file = file;
        this.problem = problem;
    }

    /** The same, with the low-level cause (a gzip error, for example). */
    public IdxFormatException(Path file, String problem, Throwable cause) {
        super(Printable.escape(file + ": " + problem), cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}

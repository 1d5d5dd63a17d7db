package dev.descent.io;

import dev.descent.text.Printable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An input file that {@link InputFiles} refuses to read: not a regular file, too large, or not
 * text. The message names the file (escaped, {@link Printable}), the line where there is one, and
 * the problem, e.g. {@code data.csv: not a text file (NUL byte at offset 17)}.
 */
public final class InputFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the file is refused. */
    public enum Kind {
        /** A directory, device, FIFO or socket: reading it may never end, or block. */
        NOT_A_FILE,
        /** Larger than the limit, on disk or decompressed. */
        TOO_LARGE,
        /** Binary data: a NUL byte, or gzip data in a file not named {@code .gz}. */
        NOT_TEXT,
        /** An IDX (MNIST-style) file, recognized by its magic number. */
        IDX_DATA,
        /** Named {@code .gz} but not gzip data, or damaged gzip data. */
        NOT_GZIP,
        /** Bytes that are not valid UTF-8. */
        NOT_UTF8
    }

    private final String option;
    private final transient Path file;
    private final Kind kind;
    private final long line;
    private final String problem;

    /**
     * @param file    the file at fault
     * @param kind    why it is refused
     * @param line    the 1-based line of the problem, or 0 when it is not on one line
     * @param problem what is wrong, without the file name
     */
    public InputFileException(Path file, Kind kind, long line, String problem) {
        this(null, file, kind, line, problem);
    }

    /**
     * The same, for a file given by a command-line option, which the message names first:
     * {@code --data /dev/zero: a character device, not a regular file …}.
     *
     * @param option the option, e.g. {@code --data}, or null
     */
    public InputFileException(String option, Path file, Kind kind, long line, String problem) {
        super(Printable.escape((option == null ? "" : option + " ") + file + ": " + (line > 0 ? "line " + line + ": "
                : "") + problem));
        this.option = option;
        this.file = file;
        this.kind = kind;
        this.line = line;
        this.problem = problem;
    }

    /** The option that gave the file, or null. */
    public String option() {
        return option;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** Why it is refused. */
    public Kind kind() {
        return kind;
    }

    /** The 1-based line of the problem, or 0. */
    public long line() {
        return line;
    }

    /** What is wrong, without the file name and line (not escaped). */
    public String problem() {
        return problem;
    }
}

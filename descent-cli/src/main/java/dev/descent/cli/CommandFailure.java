package dev.descent.cli;

import dev.descent.text.Printable;
import java.io.IOException;
import java.util.Locale;

/**
 * A failure a command reports on stderr as {@code descent <command>: <message>} before exiting
 * with {@link #exitCode()}: 1 when the run itself failed (a non-finite loss, a checkpoint that could
 * not be written), 2 for bad input (a missing or malformed file, a damaged checkpoint). Bad usage
 * of options is a picocli {@code ParameterException} instead, which also points to {@code --help}.
 *
 * <p>The message is one line: control characters in it, which can only come from the input it
 * echoes (a file name with a newline, a CSV cell with ESC), are escaped ({@link Printable}).
 */
final class CommandFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode the process exit code, 1 or 2 (see the command's help)
     * @param message  what went wrong, naming the file, line, column or option involved; escaped here
     */
    CommandFailure(int exitCode, String message) {
        super(Printable.escape(message));
        this.exitCode = exitCode;
    }

    /** The exit code the command returns. */
    int exitCode() {
        return exitCode;
    }

    /**
     * An I/O exception in words, for a message: its kind from the class name and its message, e.g.
     * {@code access denied: /data/x.csv} for an {@code AccessDeniedException}, escaped.
     */
    static String describe(IOException e) {
        String m = e.getMessage();
        return Printable.escape(e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT) + (m == null ? "" : ": " + m));
    }

    /** A command's body: its exit code, or a {@link CommandFailure}. */
    @FunctionalInterface
    interface Body {
        int run() throws CommandFailure;
    }

    /**
     * Runs {@code body}; a failure is printed on stderr as {@code descent <command>: <message>} and
     * its exit code returned.
     */
    static int report(picocli.CommandLine.Model.CommandSpec spec, Body body) {
        try {
            return body.run();
        } catch (CommandFailure f) {
            java.io.PrintWriter err = spec.commandLine().getErr();
            err.println("descent " + spec.name() + ": " + f.getMessage());
            err.flush();
            return f.exitCode();
        }
    }
}

package dev.descent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process's standard error is a terminal, for the progress bar. */
final class Terminal {

    private Terminal() {
    }

    /**
     * True when file descriptor 2 is a terminal: on Linux, when {@code /proc/self/fd/2} links to a
     * {@code /dev/pts/…} or {@code /dev/tty…} device; elsewhere, when the JVM has a console (stdin and
     * stdout interactive), which is the closest portable test.
     */
    static boolean isStderrTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}

package dev.descent.cli;

import dev.descent.report.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a report on stderr. On a terminal one line is redrawn in place at most five
 * times a second:
 *
 * <pre>
 *   [=========&gt;          ]  12/66  1/7 paths and loss curves: paths: adam on beale   3.2 s
 * </pre>
 *
 * elsewhere (a log, a pipe) only the start of each part is printed, one line each. Called from
 * several threads.
 */
final class ProgressBar implements ProgressListener {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 20;

    private final PrintWriter err;
    private final boolean bar;
    private final long t0 = System.nanoTime();
    private long lastDraw;
    private String lastPart = "";
    private int drawn;

    ProgressBar(PrintWriter err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    @Override
    public synchronized void update(String what, int done, int total) {
        long now = System.nanoTime();
        String part = what.contains(":") ? what.substring(0, what.indexOf(':')) : what;
        if (!bar) {
            if (!part.equals(lastPart)) {
                err.printf(Locale.ROOT, "%s (%.1f s)%n", part, (now - t0) / 1e9);
                err.flush();
                lastPart = part;
            }
            return;
        }
        if (now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, (long) WIDTH * done / total);
        String b = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        String text = what.length() > 70 ? what.substring(0, 69) + "…" : what;
        String line = String.format(Locale.ROOT, "[%s] %4d/%-4d %s  %.1f s", b, done, total, text, (now - t0) / 1e9);
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    /** Ends the bar's line. */
    synchronized void finish() {
        if (bar && drawn > 0) {
            err.println();
            err.flush();
        }
    }
}

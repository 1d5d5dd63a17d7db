package dev.descent.cli;

import dev.descent.report.Item;
import dev.descent.report.Report;
import dev.descent.report.Section;
import java.io.PrintWriter;

/** What the report commands print about a report besides writing it. */
final class Reports {

    private Reports() {
    }

    /** Prints every warning note of the report (divergences, runs that stopped away from x*), one line each. */
    static int printWarnings(Report report, PrintWriter err, String command) {
        int n = 0;
        for (Section s : report.sections()) {
            for (Item item : s.items()) {
                if (item instanceof Item.Note note && note.warning()) {
                    err.println(command + ": " + s.title().toLowerCase(java.util.Locale.ROOT) + ": " + note.text());
                    n++;
                }
            }
        }
        err.flush();
        return n;
    }
}

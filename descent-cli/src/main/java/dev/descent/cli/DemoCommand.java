package dev.descent.cli;

import dev.descent.report.ReportWriter;
import dev.descent.report.RunManifest;
import dev.descent.report.Report;
import dev.descent.report.demo.DemoReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent demo}: the report that teaches the seven textbook algorithms, from descent's own runs. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes an HTML report (DIR/index.html) that shows the algorithms of Goodfellow et al., Deep Learning"
                    + " ch. 8, side by side: paths over contours of six 2-D landscapes and their loss curves; bias"
                    + " correction; momentum's terminal velocity; the learning-rate lesson and sweep; minibatch"
                    + " training; the SIR fit of the 1978 influenza outbreak; and a slider over the learning rate.",
            "Every number comes from descent's runs. DIR also holds each figure as PNG and SVG, the numbers behind"
                    + " it as CSV (data/), and manifest.json (version, seeds, specs, problems, timings). The same"
                    + " seed gives identical CSV files. Open DIR/index.html in a browser; it needs no network."},
        footerHeading = "%n",
        footer = {"An existing DIR is replaced only when it is a descent report (it holds manifest.json) or empty.",
            "Exit codes: 0 written; 1 the report could not be written; 2 bad usage (or DIR is not a report)."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "report", paramLabel = "DIR",
            description = "the report directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--quick", description = "a smaller report in a few seconds (coarser grids, fewer steps)")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "the root seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--progress", negatable = true,
            description = "draw a progress bar on stderr (default: only when stderr is a terminal)")
    Boolean progress;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ReportWriter.checkTarget(out);
        } catch (ReportWriter.NotAReportException e) {
            err.println("descent demo: --out " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("descent demo: --out " + out + ": " + CommandFailure.describe(e));
            return 2;
        }
        ProgressBar bar = new ProgressBar(err, progress != null ? progress : Terminal.isStderrTerminal());
        long t0 = System.nanoTime();
        RunManifest manifest = new RunManifest(DescentCommand.VERSION, "demo" + (quick ? " --quick" : "")
                + " --seed " + seed);
        Report report = DemoReport.build(quick, seed, manifest, bar);
        Path index;
        try {
            index = ReportWriter.write(report, manifest, out, bar);
        } catch (IOException e) {
            bar.finish();
            err.println("descent demo: cannot write the report to " + out + ": " + CommandFailure.describe(e)
                    + " (nothing there was changed)");
            return 1;
        }
        bar.finish();
        Reports.printWarnings(report, err, "descent demo");
        o.printf(Locale.ROOT, "descent demo: wrote %s (%d sections, %.1f s)%n", index, report.sections().size(),
                (System.nanoTime() - t0) / 1e9);
        o.println("open it in a browser, e.g.  xdg-open " + index);
        o.flush();
        return 0;
    }
}

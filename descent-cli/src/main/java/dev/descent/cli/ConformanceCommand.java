package dev.descent.cli;

import dev.descent.conformance.CaseResult;
import dev.descent.conformance.ConformanceRunner;
import dev.descent.conformance.Replayer;
import dev.descent.text.Printable;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code descent conformance DIR}: replays every optim-golden/1 case file under DIR and prints one
 * line per case, {@code <id> PASS|FAIL|UNSUPPORTED max_abs=<x> max_rel=<x> rtol=<r> atol=<a>[  reason]},
 * then {@code N passed, N failed, N unsupported}. The tolerance is the conformance README's for the
 * case's problem family and mode; a case file may tighten it but not loosen it (a looser one is
 * capped, and the line says {@code (capped: the case asks …)}).
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {
            "Replay reference trajectories (optim-golden/1 JSON) found under DIR.",
            "Prints one line per case, ending with the tolerance used (rtol=… atol=…), then the summary "
                    + "'N passed, N failed, N unsupported'.",
            "Tolerances are the conformance README's, by problem family: recorded gradients rtol 1e-12, atol 1e-14; "
                    + "recomputed (--closed-loop) rtol 1e-10, atol 1e-12 (replay problems, and cases that say "
                    + "closed_loop_not_applicable, replay the recorded gradients at 1e-12/1e-14; "
                    + "L-BFGS closure cases 1e-10/1e-12 and 1e-7/1e-9). A case file may tighten them; a looser "
                    + "one is capped and the line says '(capped: the case asks …)'."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every case passed",
            "1:a case failed or is unsupported",
            "2:DIR is missing, not a directory, or holds no case files"
        })
public final class ConformanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a directory searched recursively for case files")
    Path dir;

    @Option(names = "--closed-loop",
            description = "recompute gradients from each case's problem data (looser tolerance) instead of "
                    + "replaying the recorded ones")
    boolean closedLoop;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(dir)) {
            err.println("descent conformance: DIR " + Printable.escape(dir.toString()) + " does not exist");
            return 2;
        }
        if (!Files.isDirectory(dir)) {
            err.println("descent conformance: DIR " + Printable.escape(dir.toString()) + " is not a directory");
            return 2;
        }
        ConformanceRunner.Report report;
        try {
            // An empty directory is almost always a wrong path; passing it would hide that.
            if (ConformanceRunner.caseFiles(dir).isEmpty()) {
                err.println("descent conformance: DIR " + Printable.escape(dir.toString()) + " holds no case files (*.json other than index.json)");
                return 2;
            }
            Replayer replayer = new Replayer(closedLoop ? Replayer.Mode.CLOSED_LOOP : Replayer.Mode.RECORDED);
            report = new ConformanceRunner(replayer).run(dir);
        } catch (UncheckedIOException e) {
            err.println("descent conformance: " + Printable.escape(e.getMessage()));
            return 2;
        }
        for (CaseResult r : report.results()) {
            out.println(r.line());
        }
        out.println(report.summary());
        out.flush();
        return report.allPassed() ? 0 : 1;
    }
}

package dev.descent.cli;

import dev.descent.nn.Activation;
import dev.descent.nn.Model;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import dev.descent.report.Report;
import dev.descent.report.ReportWriter;
import dev.descent.report.RunManifest;
import dev.descent.report.compare.CompareReport;
import dev.descent.report.demo.Landscape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code descent compare}: the demo's report for the user's optimizers on a built-in problem or their data. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs several optimizer specs on the same problem from the same start and writes a report (DIR/index.html,"
                    + " figures as PNG and SVG, their numbers as CSV, manifest.json), as 'descent demo' does.",
            "On a built-in 2-D problem (--problem): paths over contours, loss curves and a table. On data (--data"
                    + " with --model, the data options of 'descent train'): the training loss per epoch, the"
                    + " minibatch loss per step, and a table with train and test loss and accuracy.",
            "A spec that diverges is named on stderr and in the report; the rest of the report is still written."},
        footerHeading = "%n",
        footer = {"Examples:",
            "  descent compare --problem rosenbrock --optimizers \"sgd(lr=1e-3); adam(lr=1e-2)\" --out r",
            "  descent compare --data iris.csv --model softmax --optimizers \"sgd(lr=0.1); adam(lr=1e-2)\" --epochs 20"
                    + " --out r2",
            "",
            "Exit codes: 0 written; 1 the report could not be written; 2 bad usage (unknown problem, optimizer or"
                    + " model, a bad spec, a malformed file, DIR is not a report)."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--problem", paramLabel = "NAME",
            description = "a built-in 2-D problem: rosenbrock, beale, quadratic, saddle, himmelblau, rastrigin")
    String problem;

    @Option(names = "--optimizers", required = true, paramLabel = "SPECS",
            description = "optimizer specs separated by ';', e.g. \"sgd(lr=1e-3); adam(lr=1e-2)\" (see 'descent"
                    + " optimizers')")
    String optimizers;

    @Option(names = "--steps", defaultValue = "2000", paramLabel = "N",
            description = "with --problem: at most this many steps per spec (default: ${DEFAULT-VALUE})")
    long steps;

    @Mixin
    DataOptions data;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "with --data: logistic | softmax | linear | mlp:<hidden widths>")
    String model;

    @Mixin
    MinibatchOptions run;

    @Option(names = "--out", defaultValue = "descent-compare", paramLabel = "DIR",
            description = "the report directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--progress", negatable = true,
            description = "draw a progress bar on stderr (default: only when stderr is a terminal)")
    Boolean progress;

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        return CommandFailure.report(spec, this::run);
    }

    private int run() throws CommandFailure {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((problem == null) == !data.given()) {
            throw usage(problem == null ? "give --problem NAME or --data FILE (with --model)"
                    : "--problem and --data exclude each other; give one");
        }
        List<String> specs = specs();
        Landscape landscape = null;
        ModelSpec modelSpec = null;
        if (problem != null) {
            landscape = Landscape.builtIns().get(problem.strip().toLowerCase(Locale.ROOT));
            if (landscape == null) {
                throw usage("--problem: unknown problem '" + problem + "'; known: " + String.join(", ",
                        Landscape.names()));
            }
            if (steps < 1) {
                throw usage("--steps = " + steps + " must be >= 1");
            }
        } else {
            if (model == null) {
                throw usage("--data needs --model (logistic, softmax, linear or mlp:<widths>)");
            }
            try {
                modelSpec = ModelSpec.parse(model);
            } catch (IllegalArgumentException e) {
                throw usage("--model: " + e.getMessage());
            }
            run.check(spec);
            data.check(spec);
        }
        try {
            ReportWriter.checkTarget(out);
        } catch (ReportWriter.NotAReportException e) {
            throw new CommandFailure(2, "--out " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(2, "--out " + out + ": " + CommandFailure.describe(e));
        }
        ProgressBar bar = new ProgressBar(err, progress != null ? progress : Terminal.isStderrTerminal());
        RunManifest manifest = new RunManifest(DescentCommand.VERSION, commandText());
        Report report;
        if (landscape != null) {
            report = CompareReport.problem(landscape, specs, steps, manifest, bar);
        } else {
            PreparedData d = data.prepare(spec, modelSpec, run.seed);
            Model m;
            try {
                m = modelSpec.build(d.train().featureCount(), d.train().classes(), Activation.RELU, 0);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(2, e.getMessage());
            }
            report = CompareReport.training(data.path().getFileName().toString(), d.train(), d.test(), m,
                    ModelObjective.of(m, modelSpec.loss()), specs, run.epochs, run.batchSize, run.seed, manifest, bar);
        }
        Path index;
        try {
            index = ReportWriter.write(report, manifest, out, bar);
        } catch (IOException e) {
            bar.finish();
            throw new CommandFailure(1, "cannot write the report to " + out + ": " + CommandFailure.describe(e)
                    + " (nothing there was changed)");
        }
        bar.finish();
        Reports.printWarnings(report, err, "descent compare");
        o.println("descent compare: wrote " + index);
        o.flush();
        return 0;
    }

    /** The specs, each built once here so that a bad one is a usage error naming it before anything runs. */
    private List<String> specs() {
        List<String> specs = new ArrayList<>();
        for (String s : optimizers.split(";")) {
            if (!s.isBlank()) {
                specs.add(s.strip());
            }
        }
        if (specs.isEmpty()) {
            throw usage("--optimizers: no spec in '" + optimizers + "'");
        }
        for (String s : specs) {
            try {
                OptimizerSpec.build(s);
            } catch (SpecException e) {
                throw usage("--optimizers: '" + s + "': " + e.getMessage());
            }
        }
        return specs;
    }

    private String commandText() {
        return "compare " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}

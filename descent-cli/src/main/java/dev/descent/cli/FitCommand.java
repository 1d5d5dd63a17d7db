package dev.descent.cli;

import static dev.descent.cli.JsonResult.number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.global.GlobalSearch;
import dev.descent.global.MultiStart;
import dev.descent.global.ParticleSwarm;
import dev.descent.global.SimulatedAnnealing;
import dev.descent.global.GlobalMinimizer;
import dev.descent.io.InputFileException;
import dev.descent.io.InputFiles;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.fit.Identifiability;
import dev.descent.ode.fit.LevenbergMarquardt;
import dev.descent.ode.fit.ObservationException;
import dev.descent.ode.fit.Observations;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.ode.fit.OdeFitResult;
import dev.descent.ode.models.Sir;
import dev.descent.optim.Optimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Bounds;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code descent fit sir}: least-squares fit of an SIR model to daily counts, by any descent
 * optimizer (optionally from a global search), next to Hipparchus's Levenberg–Marquardt on the same
 * problem as the baseline.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fit an epidemic model to observed counts. MODEL is 'sir': S' = −βSI/N, I' = βSI/N − γI, "
                + "R' = γI, with S₀ = N − I₀, R₀ = 0, t = 0 the day before the first count. Prints β, γ, "
                + "R₀ = β/γ, I₀ when fitted, the loss, standard errors from the Jacobian, iterations and "
                + "why the fit stopped, next to Levenberg–Marquardt's answer on the same problem. Without "
                + "--data it fits the built-in 1978 boarding-school influenza outbreak (BMJ 1978;1:587; "
                + "N = 763). Counts above N are refused (exit 2). Exit 1 when the fit does not converge, when "
                + "the data do not identify the parameters (a singular or ill-conditioned JᵀJ, condition "
                + "number > 1e8 in relative parameters, or standard errors that are not finite), or when "
                + "the fit and the baseline disagree.")
public final class FitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the model: sir")
    String model;

    @Option(names = "--data", paramLabel = "CSV",
            description = "a CSV with a header; the first column is the day (a number, or an ISO date: "
                    + "the first row is then day 1); default: the built-in 1978 data")
    Path data;

    @Option(names = "--column", defaultValue = "in_bed", description = "the observed column, fitted to I(t) "
            + "(default: ${DEFAULT-VALUE})")
    String column;

    @Option(names = "--population", paramLabel = "N", description = "N (default: 763 for the built-in data)")
    Double population;

    @Option(names = "--initial-infected", paramLabel = "I0", defaultValue = "1",
            description = "I₀, fixed unless --fit-initial (default: ${DEFAULT-VALUE})")
    double initialInfected;

    @Option(names = "--fit-initial", description = "fit I₀ too")
    boolean fitInitial;

    @Option(names = "--beta", defaultValue = "1", description = "start value of β (default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--gamma", defaultValue = "0.1", description = "start value of γ (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--optimizer", defaultValue = "lbfgs", paramLabel = "SPEC",
            description = "the local optimizer, as a spec (default: ${DEFAULT-VALUE}; e.g. "
                    + "\"adam(lr=0.2, beta2=0.99) @ exponential(0.997)\")")
    String optimizer;

    @Option(names = "--start", defaultValue = "none", paramLabel = "METHOD",
            description = "a global search before the local fit: none, anneal, swarm or multistart "
                    + "(default: ${DEFAULT-VALUE})")
    String start;

    @Option(names = "--seed", defaultValue = "1",
            description = "seed of the global search, any integer (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--evaluations", defaultValue = "5000",
            description = "evaluation budget of the global search (default: ${DEFAULT-VALUE})")
    long globalEvaluations;

    @Option(names = "--tolerance", defaultValue = "1e-6",
            description = "stop when ‖∇J‖ ≤ this, in the optimizer's (log) coordinates (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--max-steps", defaultValue = "20000", description = "step budget (default: ${DEFAULT-VALUE})")
    long maxSteps;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run();
        } catch (CommandFailure f) {
            err.println("descent fit: " + f.getMessage());
            err.flush();
            return f.exitCode();
        }
    }

    private int run() throws IOException, CommandFailure {
        if (!model.equals("sir")) {
            throw new ParameterException(spec.commandLine(), "MODEL: unknown model '" + model + "'; known: sir");
        }
        Optimizer<?> local;
        try {
            local = OptimizerSpec.build(optimizer);
        } catch (SpecException e) {
            throw new ParameterException(spec.commandLine(), "--optimizer: " + e.getMessage());
        }
        checkPositive("--tolerance", tolerance);
        checkPositive("--beta", beta);
        checkPositive("--gamma", gamma);
        checkPositive("--initial-infected", initialInfected);
        checkAtLeastOne("--max-steps", maxSteps);
        // checked even without --start, so that a typo is not silently ignored
        checkAtLeastOne("--evaluations", globalEvaluations);

        if (population == null && data != null) {
            throw new ParameterException(spec.commandLine(), "--population is needed with --data");
        }
        double n = population != null ? population : InfluenzaEngland1978.POPULATION;
        checkPositive("--population", n);
        if (!(initialInfected < n)) {
            throw new ParameterException(spec.commandLine(), "--initial-infected = " + fmt(initialInfected)
                    + " must be < --population = " + fmt(n) + " (I₀ is part of the population: S₀ = N − I₀)");
        }
        Observations.Csv csv = observations();
        Observations obs = csv == null ? InfluenzaEngland1978.observations() : csv.observations();
        OdeFitProblem.Builder b = OdeFitProblem.builder(new Sir(n), obs)
                .observe(column, "I")
                .fit("beta", "gamma")
                .set("beta", beta)
                .set("gamma", gamma)
                .set("I0", initialInfected);
        if (fitInitial) {
            b.alsoFit("I0");
        }
        OdeFitProblem problem;
        try {
            problem = b.build();
        } catch (ObservationException e) {
            // counts the model cannot reach (above N): refused before fitting, naming the line
            if (csv != null) {
                throw new CommandFailure(2, "--data " + data + ": " + csv.describe(e) + "; check the data or "
                        + "--population");
            }
            throw new CommandFailure(2, "--population = " + fmt(n) + " is too small for the built-in data: "
                    + e.at("day " + (e.row() + 1) + ", " + InfluenzaEngland1978.dates().get(e.row())));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        // evaluations are bounded too: a line search can make many per step
        long evaluationBudget = maxSteps > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : Math.max(maxSteps, 1000) * 2;
        Minimizer<?> minimizer = new Minimizer<>(local, StoppingCriterion.anyOf(new GradientNorm(tolerance),
                new MaxIterations(maxSteps), new MaxEvaluations(evaluationBudget)));
        OdeFitResult fit = switch (start) {
            case "none" -> problem.fit(minimizer);
            case "anneal", "swarm", "multistart" -> globalThenLocal(problem, minimizer, n);
            default -> throw new ParameterException(spec.commandLine(), "--start: unknown method '" + start
                    + "'; known: none, anneal, swarm, multistart");
        };
        OdeFitResult lm;
        String lmError = null;
        try {
            lm = LevenbergMarquardt.defaults().fit(problem);
        } catch (RuntimeException e) {
            lm = null;
            lmError = e.getMessage();
        }
        Verdict verdict = Verdict.of(fit, lm);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(fit, lm, lmError, verdict));
        } else {
            print(out, problem, n, fit, lm, lmError, verdict);
        }
        out.flush();
        if (!verdict.ok()) {
            PrintWriter err = spec.commandLine().getErr();
            for (String p : verdict.problems()) {
                err.println("descent fit: " + p);
            }
            err.flush();
            return 1;
        }
        return 0;
    }

    /**
     * What the run found: {@code converged} only when the fit met its tolerance, the data identify
     * its parameters and the Levenberg–Marquardt baseline (when it ran) agrees with it.
     *
     * @param status   converged, not_converged, not_identifiable or baseline_disagrees (the first that applies)
     * @param problems one sentence per failed check, empty when converged
     */
    record Verdict(String status, List<String> problems) {

        static Verdict of(OdeFitResult fit, OdeFitResult lm) {
            List<String> problems = new ArrayList<>();
            String status = "converged";
            if (!fit.converged()) {
                status = "not_converged";
                problems.add("the fit did not converge: " + fit.reason().criterion() + " (" + fit.reason().detail() + ")");
            }
            if (!fit.identifiability().identifiable()) {
                status = status.equals("converged") ? "not_identifiable" : status;
                problems.add("the parameters are not identifiable from these data: "
                        + fit.identifiability().explanation());
            }
            if (lm != null) {
                OdeFitResult.Agreement a = fit.agreement(lm);
                if (!a.agrees()) {
                    status = status.equals("converged") ? "baseline_disagrees" : status;
                    problems.add(String.format(Locale.ROOT, "the fit and its Levenberg–Marquardt baseline disagree: "
                            + "loss %.2e, parameters %.2e relative (tolerances %.0e, %.0e)%s", a.lossRelative(),
                            a.parametersRelative(), OdeFitResult.LOSS_TOLERANCE, OdeFitResult.PARAMETER_TOLERANCE,
                            switch (a.lowerLoss()) {
                                case "baseline" -> "; the baseline's loss is lower";
                                case "this" -> "; the baseline's loss is higher";
                                default -> "; their losses agree, so the data leave the parameters free";
                            }));
                }
            }
            return new Verdict(status, List.copyOf(problems));
        }

        boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The data file read with its line numbers, or null for the built-in data. */
    private Observations.Csv observations() throws IOException, CommandFailure {
        if (data == null) {
            return null;
        }
        try {
            // a device, a FIFO or a binary file is refused before reading it
            InputFiles.requireRegularFile("--data", data);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(2, "--data: no such file: " + data);
        } catch (InputFileException e) {
            throw new CommandFailure(2, e.getMessage());
        }
        try (Reader r = InputFiles.newTextReader(data)) {
            return Observations.parseCsv(r, List.of(column));
        } catch (InputFileException e) {
            throw new CommandFailure(2, (e.option() == null ? "--data " : "") + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CommandFailure(2, "--data: no such file: " + data);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, "--data " + data + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new CommandFailure(2, "--data " + data + ": " + CommandFailure.describe(io));
        }
    }

    /** A global search in the optimizer's coordinates over a box of plausible values, then the local fit. */
    private OdeFitResult globalThenLocal(OdeFitProblem problem, Minimizer<?> minimizer, double n) {
        List<String> free = problem.freeParameters();
        double[] lo = new double[free.size()];
        double[] hi = new double[free.size()];
        for (int j = 0; j < lo.length; j++) {
            switch (free.get(j)) {
                case "beta" -> {
                    lo[j] = 1e-3;
                    hi[j] = 50;
                }
                case "gamma" -> {
                    lo[j] = 1e-3;
                    hi[j] = 20;
                }
                default -> { // I0
                    lo[j] = 1e-3;
                    hi[j] = n / 2;
                }
            }
        }
        Bounds box = new Bounds(problem.toUnconstrained(lo), problem.toUnconstrained(hi));
        StoppingCriterion budget = new MaxEvaluations(globalEvaluations);
        GlobalSearch search = switch (start) {
            case "anneal" -> new GlobalMinimizer<>(SimulatedAnnealing.defaults(seed), budget);
            case "swarm" -> new GlobalMinimizer<>(ParticleSwarm.defaults(seed), budget);
            // each start gets a short local run; the outer budget counts every evaluation
            default -> new MultiStart(new Minimizer<>(minimizer.optimizer(), StoppingCriterion.anyOf(
                    new GradientNorm(tolerance), new MaxIterations(Math.min(maxSteps, 200)), new MaxEvaluations(1000))), 20,
                    MultiStart.Sampling.LATIN_HYPERCUBE, seed,
                    StoppingCriterion.anyOf(new MaxIterations(20), new MaxEvaluations(globalEvaluations)));
        };
        long t0 = System.nanoTime();
        Result g = search.minimize(problem, box);
        Result l = minimizer.minimize(problem, g.point());
        return problem.result(l.point(), start + " + " + minimizer.optimizer().name(), g.iterations() + l.iterations(),
                g.evaluations() + l.evaluations(), l.reason(), System.nanoTime() - t0);
    }

    private void checkPositive(String option, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new ParameterException(spec.commandLine(), option + " = " + v + " must be finite and > 0");
        }
    }

    private void checkAtLeastOne(String option, long v) {
        if (v < 1) {
            throw new ParameterException(spec.commandLine(), option + " = " + v + " must be >= 1");
        }
    }

    private void print(PrintWriter out, OdeFitProblem problem, double n, OdeFitResult fit, OdeFitResult lm,
            String lmError, Verdict verdict) {
        out.printf(Locale.ROOT, "SIR fit of I(t) to '%s': %d observations, N = %s, I₀ %s, least squares%n%n", column,
                fit.observations(), fmt(n), fitInitial ? "fitted" : "= " + fmt(initialInfected) + " (fixed)");
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "", "descent (" + fit.method() + ")",
                lm == null ? "Levenberg–Marquardt" : "Levenberg–Marquardt (baseline)");
        for (String p : problem.freeParameters()) {
            out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", p, withError(fit, p), lm == null ? "-" : withError(lm, p));
        }
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "R0 = beta/gamma", fmt(fit.r0()), lm == null ? "-" : fmt(lm.r0()));
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "loss (SSE)", fmt(fit.lossValue()),
                lm == null ? "-" : fmt(lm.lossValue()));
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "cond(JᵀJ)", fit.identifiability().conditionText(),
                lm == null ? "-" : lm.identifiability().conditionText());
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "iterations", fit.iterations() + " (" + fit.evaluations()
                + " evaluations)", lm == null ? "-" : lm.iterations() + " (" + lm.evaluations() + " evaluations)");
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "stopped", fit.reason().criterion(),
                lm == null ? "failed: " + lmError : lm.reason().criterion());
        out.printf(Locale.ROOT, "  %-16s %-30s%n", "", fit.reason().detail());
        if (lm != null) {
            OdeFitResult.Agreement a = fit.agreement(lm);
            out.printf(Locale.ROOT, "%nagreement with the baseline: loss %.2e relative, parameters %.2e relative (max)%n",
                    a.lossRelative(), a.parametersRelative());
            if (a.lowerLoss().equals("baseline")) {
                out.println("The baseline found a lower loss: this fit stopped at another stationary point (a local "
                        + "minimum or a plateau). Try --start anneal or --start swarm, or another start.");
            } else if (a.lowerLoss().equals("this")) {
                out.println("This fit found a lower loss than the baseline, which stopped at another stationary point.");
            }
        }
        out.println();
        // the reasons go to stderr, one sentence each
        out.println("status: " + verdict.status().replace('_', ' '));
    }

    /** {@code value ± SE}; without the ± when the SE is not finite or the data do not identify the fit. */
    private static String withError(OdeFitResult r, String p) {
        double se = r.standardError(p);
        if (!Double.isFinite(se) || !r.identifiability().identifiable()) {
            return fmt(r.parameter(p)) + " (no valid SE)";
        }
        return fmt(r.parameter(p)) + " ± " + String.format(Locale.ROOT, "%.3g", se);
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.8g", v);
    }

    /** The result in the {@link JsonResult} style; {@code status} and {@code problems} are the verdict's. */
    private String json(OdeFitResult fit, OdeFitResult lm, String lmError, Verdict verdict) {
        JsonResult result = new JsonResult("fit", verdict.status(), verdict.problems());
        ObjectNode root = result.root();
        root.put("model", "sir");
        root.put("column", column);
        root.put("observations", fit.observations());
        root.put("fit_initial", fitInitial);
        root.set("fit", result(fit));
        if (lm != null) {
            root.set("levenberg_marquardt", result(lm));
            OdeFitResult.Agreement a = fit.agreement(lm);
            ObjectNode agree = root.putObject("agreement");
            number(agree, "loss_relative", a.lossRelative());
            number(agree, "parameters_relative_max", a.parametersRelative());
            agree.put("lower_loss", a.lowerLoss());
            agree.put("agrees", a.agrees());
        } else {
            root.put("levenberg_marquardt_error", lmError);
        }
        return result.text();
    }

    private static ObjectNode result(OdeFitResult r) {
        ObjectNode o = JsonResult.object();
        o.put("method", r.method());
        ObjectNode params = o.putObject("parameters");
        ObjectNode errors = o.putObject("standard_errors");
        for (String p : r.parameterNames()) {
            number(params, p, r.parameter(p));
        }
        for (String p : r.fitted()) {
            number(errors, p, r.standardError(p));
        }
        number(o, "beta", r.parameter("beta"));
        number(o, "gamma", r.parameter("gamma"));
        number(o, "r0", r.r0());
        number(o, "i0", r.parameter("I0"));
        number(o, "loss", r.lossValue());
        number(o, "sse", r.sumOfSquares());
        o.put("iterations", r.iterations());
        o.put("evaluations", r.evaluations());
        o.put("converged", r.converged());
        o.set("stop", JsonResult.stop(r.reason()));
        Identifiability id = r.identifiability();
        ObjectNode ident = o.putObject("identifiability");
        ident.put("identifiable", id.identifiable());
        number(ident, "condition_number", id.conditionNumber());
        ident.put("max_condition_number", Identifiability.MAX_CONDITION);
        ident.put("finite_standard_errors", id.finiteStandardErrors());
        ident.put("degrees_of_freedom", id.degreesOfFreedom());
        ArrayNode why = ident.putArray("problems");
        id.problems().forEach(why::add);
        ArrayNode pred = o.putArray("fitted_values");
        for (double[] row : r.predictions()) {
            JsonResult.add(pred, row[0]);
        }
        return o;
    }
}

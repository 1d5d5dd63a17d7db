package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.global.GlobalSearch;
import dev.descent.global.MultiStart;
import dev.descent.global.ParticleSwarm;
import dev.descent.global.SimulatedAnnealing;
import dev.descent.global.GlobalMinimizer;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.fit.LevenbergMarquardt;
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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
                + "N = 763). Exit 1 when the fit does not converge.")
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

    @Option(names = "--seed", defaultValue = "1", description = "seed of the global search (default: ${DEFAULT-VALUE})")
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
        if (!model.equals("sir")) {
            throw new ParameterException(spec.commandLine(), "MODEL: unknown model '" + model + "'; known: sir");
        }
        Optimizer<?> local;
        try {
            local = OptimizerSpec.build(optimizer);
        } catch (SpecException e) {
            throw new ParameterException(spec.commandLine(), "--optimizer: " + e.getMessage());
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new ParameterException(spec.commandLine(), "--tolerance = " + tolerance + " must be finite and > 0");
        }
        checkPositive("--beta", beta);
        checkPositive("--gamma", gamma);
        checkPositive("--initial-infected", initialInfected);

        double n = population != null ? population : data == null ? InfluenzaEngland1978.POPULATION : Double.NaN;
        if (Double.isNaN(n)) {
            throw new ParameterException(spec.commandLine(), "--population is needed with --data");
        }
        checkPositive("--population", n);
        Observations obs = observations();
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
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        // evaluations are bounded too: a line search can make many per step
        Minimizer<?> minimizer = new Minimizer<>(local, StoppingCriterion.anyOf(new GradientNorm(tolerance),
                new MaxIterations(maxSteps), new MaxEvaluations(Math.max(maxSteps, 1000) * 2)));
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
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(problem, fit, lm, lmError));
        } else {
            print(out, problem, n, fit, lm, lmError);
        }
        out.flush();
        if (!fit.converged()) {
            spec.commandLine().getErr().println("descent: the fit did not converge: " + fit.reason().criterion()
                    + " (" + fit.reason().detail() + ")");
            return 1;
        }
        return 0;
    }

    private Observations observations() throws IOException {
        if (data == null) {
            return InfluenzaEngland1978.observations();
        }
        try (Reader r = Files.newBufferedReader(data)) {
            return Observations.readCsv(r, List.of(column));
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "--data: no such file: " + data);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--data " + data + ": " + e.getMessage());
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

    private void print(PrintWriter out, OdeFitProblem problem, double n, OdeFitResult fit, OdeFitResult lm,
            String lmError) {
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
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "iterations", fit.iterations() + " (" + fit.evaluations()
                + " evaluations)", lm == null ? "-" : lm.iterations() + " (" + lm.evaluations() + " evaluations)");
        out.printf(Locale.ROOT, "  %-16s %-30s %-30s%n", "stopped", fit.reason().criterion(),
                lm == null ? "failed: " + lmError : lm.reason().criterion());
        out.printf(Locale.ROOT, "  %-16s %-30s%n", "", fit.reason().detail());
        if (lm != null) {
            double lossGap = (fit.lossValue() - lm.lossValue()) / lm.lossValue();
            out.printf(Locale.ROOT, "%nagreement with the baseline: loss %.2e relative, parameters %.2e relative (max)%n",
                    Math.abs(lossGap), maxRelativeDifference(fit, lm));
            if (lossGap > 1e-6) {
                out.println("The baseline found a lower loss: this fit stopped at another stationary point (a local "
                        + "minimum or a plateau). Try --start anneal or --start swarm, or another start.");
            } else if (lossGap < -1e-6) {
                out.println("This fit found a lower loss than the baseline, which stopped at another stationary point.");
            }
        }
    }

    private static double maxRelativeDifference(OdeFitResult a, OdeFitResult b) {
        double worst = 0;
        for (String p : a.fitted()) {
            double x = a.parameter(p);
            double y = b.parameter(p);
            worst = Math.max(worst, Math.abs(x - y) / Math.abs(y));
        }
        return worst;
    }

    private static String withError(OdeFitResult r, String p) {
        return fmt(r.parameter(p)) + " ± " + String.format(Locale.ROOT, "%.3g", r.standardError(p));
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.8g", v);
    }

    private String json(OdeFitProblem problem, OdeFitResult fit, OdeFitResult lm, String lmError) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", "sir");
        root.put("column", column);
        root.put("observations", fit.observations());
        root.put("fit_initial", fitInitial);
        root.set("fit", result(mapper, fit));
        if (lm != null) {
            root.set("levenberg_marquardt", result(mapper, lm));
            ObjectNode agree = root.putObject("agreement");
            agree.put("loss_relative", Math.abs(fit.lossValue() - lm.lossValue()) / lm.lossValue());
            agree.put("parameters_relative_max", maxRelativeDifference(fit, lm));
        } else {
            root.put("levenberg_marquardt_error", lmError);
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode result(ObjectMapper mapper, OdeFitResult r) {
        ObjectNode o = mapper.createObjectNode();
        o.put("method", r.method());
        ObjectNode params = o.putObject("parameters");
        ObjectNode errors = o.putObject("standard_errors");
        for (String p : r.parameterNames()) {
            params.put(p, r.parameter(p));
        }
        for (String p : r.fitted()) {
            errors.put(p, r.standardError(p));
        }
        o.put("beta", r.parameter("beta"));
        o.put("gamma", r.parameter("gamma"));
        o.put("R0", r.r0());
        o.put("I0", r.parameter("I0"));
        o.put("loss", r.lossValue());
        o.put("sse", r.sumOfSquares());
        o.put("iterations", r.iterations());
        o.put("evaluations", r.evaluations());
        o.put("converged", r.converged());
        o.put("stop_criterion", r.reason().criterion());
        o.put("stop_detail", r.reason().detail());
        ArrayNode pred = o.putArray("fitted_values");
        for (double[] row : r.predictions()) {
            pred.add(row[0]);
        }
        return o;
    }
}

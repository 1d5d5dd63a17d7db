package dev.descent.cli;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Optimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.RelativeChange;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Objective;
import dev.descent.report.demo.Landscape;
import dev.descent.report.demo.PathRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code descent optimize}: one optimizer spec on one built-in problem. The verdict judges where
 * the run ended, not only what stopped it ({@link PathRun#outcome}): meeting the gradient tolerance
 * at a saddle or at a minimum other than x* is not success.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = {
            "Minimize a built-in problem with any optimizer spec (see 'descent optimizers') until the "
                    + "gradient-norm tolerance, the relative-change tolerance or the step budget stops it, and print "
                    + "where it started and ended, how far from the known minimizer(s) x*, what kind of point it is "
                    + "(minimum, saddle, maximum: from the Hessian's eigenvalues by finite differences) and a verdict.",
            "A run that leaves the problem's window (‖θ‖ beyond its escape radius) stops as diverged, or, on the "
                    + "saddle, as escaped."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run ended within 1e-4 of a known minimizer x* (any of Himmelblau's four; Rastrigin's global one); "
                    + "on a problem without a known minimizer: a tolerance was met at a point the Hessian says "
                    + "is a minimum",
            "1:anything else: the budget ran out, the run diverged or escaped, or a tolerance was met at a saddle, "
                    + "a maximum or a minimum other than x*",
            "2:bad usage or an invalid option or spec"
        })
public final class OptimizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--problem", defaultValue = "rosenbrock",
            description = "a built-in 2-D problem, as for 'descent compare': rosenbrock, beale, quadratic, saddle,"
                    + " himmelblau or rastrigin (default: ${DEFAULT-VALUE})")
    String problem;

    @Option(names = "--optimizer", defaultValue = "adam(lr=0.02)", paramLabel = "SPEC",
            description = "an optimizer spec (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--start", split = ",", paramLabel = "X", description = "the starting point (default: the problem's)")
    List<Double> start;

    @Option(names = "--tolerance", defaultValue = "1e-8", description = "stop when ‖∇J‖ ≤ this (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--relative-change", paramLabel = "TOL", description = "also stop when |ΔJ| ≤ TOL·|J|")
    Double relativeChange;

    @Option(names = "--max-steps", defaultValue = "100000", description = "step budget (default: ${DEFAULT-VALUE})")
    long maxSteps;

    @Override
    public Integer call() {
        Landscape l = Landscape.builtIns().get(problem);
        if (l == null) {
            throw new ParameterException(spec.commandLine(), "--problem: unknown problem '" + problem + "'; known: "
                    + String.join(", ", Landscape.names()));
        }
        Objective p = l.objective();
        Optimizer<?> opt;
        try {
            opt = OptimizerSpec.build(optimizer);
        } catch (SpecException e) {
            throw new ParameterException(spec.commandLine(), "--optimizer: " + e.getMessage());
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new ParameterException(spec.commandLine(), "--tolerance = " + tolerance + " must be finite and > 0");
        }
        if (maxSteps < 1) {
            throw new ParameterException(spec.commandLine(), "--max-steps = " + maxSteps + " must be >= 1");
        }
        double[] x0 = l.start().clone();
        if (start != null) {
            if (start.size() != p.dimension()) {
                throw new ParameterException(spec.commandLine(), "--start has " + start.size() + " values; "
                        + problem + " needs " + p.dimension());
            }
            for (int i = 0; i < x0.length; i++) {
                x0[i] = start.get(i);
            }
        }
        List<StoppingCriterion> stops = new ArrayList<>(List.of(PathRun.escape(l), new GradientNorm(tolerance)));
        if (relativeChange != null) {
            stops.add(new RelativeChange(relativeChange));
        }
        stops.add(new MaxIterations(maxSteps));
        Result r = new Minimizer<>(opt, StoppingCriterion.anyOf(stops.toArray(StoppingCriterion[]::new)))
                .minimize(p, x0);
        PathRun.Outcome outcome = PathRun.outcome(l, r);
        Landscape.Curvature curvature = l.curvature(r.point());
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "problem:    %s%n", l.description());
        out.printf(Locale.ROOT, "optimizer:  %s%n", opt);
        out.printf(Locale.ROOT, "start:      %s%s%n", Arrays.toString(x0), start == null ? " (the problem's)" : "");
        out.printf(Locale.ROOT, "x:          %s%n", Arrays.toString(r.point()));
        out.printf(Locale.ROOT, "J(x):       %.10g   (%s)%n", r.value(), l.hasOptimum()
                ? String.format(Locale.ROOT, "J* = %.10g, ‖x − x*‖ = %.3e", l.minimum(), l.distance(r.point()))
                : "J has no minimum");
        out.printf(Locale.ROOT, "‖∇J(x)‖:    %.3e%n", r.gradientNorm());
        out.printf(Locale.ROOT, "steps:      %d (%d evaluations, %.1f ms)%n", r.iterations(), r.evaluations(),
                r.elapsedNanos() / 1e6);
        out.printf(Locale.ROOT, "stopped:    %s (%s)%n", r.reason().criterion(), r.reason().detail());
        out.printf(Locale.ROOT, "curvature:  %s (Hessian eigenvalues %.4g, %.4g)%s%n",
                curvature.kind().name().toLowerCase(Locale.ROOT), curvature.lambda1(), curvature.lambda2(),
                r.gradientNorm() <= tolerance ? "" : "; not a stationary point (‖∇J‖ above the tolerance)");
        out.printf(Locale.ROOT, "verdict:    %s%n", verdict(l, r, outcome, curvature));
        out.flush();
        boolean success = outcome == PathRun.Outcome.REACHED_OPTIMUM
                || !l.hasOptimum() && r.converged() && curvature.kind() == Landscape.PointKind.MINIMUM;
        return success ? 0 : 1;
    }

    /** PathRun's sentence, with what kind of point it stopped at when that is not x*. */
    private String verdict(Landscape l, Result r, PathRun.Outcome outcome, Landscape.Curvature c) {
        String sentence = new PathRun(optimizer, l, new double[0], new double[0], new double[0], r, outcome,
                r.elapsedNanos()).verdict();
        if (outcome != PathRun.Outcome.OTHER_STATIONARY_POINT) {
            return sentence;
        }
        double[] x = r.point();
        String at = String.format(Locale.ROOT, "(%.4g, %.4g)", x[0], x[1]);
        String what = switch (c.kind()) {
            case MINIMUM -> "a local minimum";
            case SADDLE -> "a saddle point";
            case MAXIMUM -> "a local maximum";
            case DEGENERATE -> "a degenerate stationary point";
        };
        if (!(r.gradientNorm() <= tolerance)) { // stopped by the relative change, not at a stationary point
            return String.format(Locale.ROOT, "stopped by %s at %s (the Hessian says %s), not at x*: ‖x − x*‖ = %.3g",
                    r.reason().criterion(), at, what, l.distance(x));
        }
        return l.hasOptimum()
                ? String.format(Locale.ROOT, "NOT the optimum: stopped at %s %s, ‖x − x*‖ = %.3g, J − J* = %.3g",
                        what, at, l.distance(x), r.value() - l.minimum())
                : String.format(Locale.ROOT, "stopped at %s %s; J has no minimum", what, at);
    }
}

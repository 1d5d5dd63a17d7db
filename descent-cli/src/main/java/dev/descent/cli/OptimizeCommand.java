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

/** {@code descent optimize}: one optimizer spec on one built-in problem. */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = "Minimize a built-in problem with any optimizer spec (see 'descent optimizers') until the "
                + "gradient-norm tolerance, the relative-change tolerance or the step budget stops it, and print "
                + "where it ended and why.")
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
        List<StoppingCriterion> stops = new ArrayList<>(List.of(new GradientNorm(tolerance)));
        if (relativeChange != null) {
            stops.add(new RelativeChange(relativeChange));
        }
        stops.add(new MaxIterations(maxSteps));
        Result r = new Minimizer<>(opt, StoppingCriterion.anyOf(stops.toArray(StoppingCriterion[]::new)))
                .minimize(p, x0);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "problem:    %s%n", l.description());
        out.printf(Locale.ROOT, "optimizer:  %s%n", opt);
        out.printf(Locale.ROOT, "x:          %s%n", Arrays.toString(r.point()));
        out.printf(Locale.ROOT, "J(x):       %.10g   (%s)%n", r.value(), l.hasOptimum()
                ? String.format(Locale.ROOT, "J* = %.10g, ‖x − x*‖ = %.3e", l.minimum(), l.distance(r.point()))
                : "J has no minimum");
        out.printf(Locale.ROOT, "‖∇J(x)‖:    %.3e%n", r.gradientNorm());
        out.printf(Locale.ROOT, "steps:      %d (%d evaluations, %.1f ms)%n", r.iterations(), r.evaluations(),
                r.elapsedNanos() / 1e6);
        out.printf(Locale.ROOT, "stopped:    %s (%s)%n", r.reason().criterion(), r.reason().detail());
        out.flush();
        return r.converged() ? 0 : 1;
    }
}

package dev.descent.cli;

import dev.descent.linalg.Vec;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Beale;
import dev.descent.problem.Quadratic;
import dev.descent.problem.Rosenbrock;
import dev.descent.problem.TestProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's engine: every algorithm (book form, registry defaults) on every problem from the
 * same start. Choosing the learning rate is the first hard part the book names, so for each pair
 * the demo tries a grid of rates and keeps the one that meets the tolerance in the fewest steps
 * (or, when none does, the lowest final value), then times that run once more.
 */
final class Demo {

    /** Goodfellow et al., Algorithms 8.1–8.7, in the book's order. */
    static final List<String> BOOK = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov",
            "adam");

    /** The learning-rate grid, log-spaced. */
    static final double[] GRID = {1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0};

    /**
     * One line of the table.
     *
     * @param problem   problem name
     * @param algorithm registry name
     * @param lr        the chosen learning rate
     * @param result    the timed run
     * @param distance  ‖x − x*‖₂
     */
    record Row(String problem, String algorithm, double lr, Result result, double distance) {
    }

    /** The built-in problems, by name. */
    static Map<String, TestProblem> problems() {
        Map<String, TestProblem> m = new LinkedHashMap<>();
        m.put("rosenbrock", Rosenbrock.standard());
        double[] eigen = new double[8];
        for (int i = 0; i < eigen.length; i++) {
            eigen[i] = Math.pow(1000, i / 7.0); // 1 … 1000, condition number 1000
        }
        m.put("quadratic", Quadratic.illConditioned(eigen, 2016));
        m.put("beale", Beale.standard());
        return m;
    }

    static String describe(String name, TestProblem p) {
        return switch (name) {
            case "rosenbrock" -> "Rosenbrock, a = 1, b = 100, from (−1.5, 2); x* = (1, 1)";
            case "quadratic" -> "½xᵀAx − bᵀx, n = 8, eigenvalues 1…1000 (condition 1000), seeded; x* = A⁻¹b";
            case "beale" -> "Beale, from (1, 1); x* = (3, 0.5)";
            default -> p.name();
        };
    }

    private final double tolerance;
    private final long maxSteps;

    Demo(double tolerance, long maxSteps) {
        this.tolerance = tolerance;
        this.maxSteps = maxSteps;
    }

    /** Runs one algorithm on one problem; {@code fixedLr} &gt; 0 skips the grid. */
    Row run(String problemName, TestProblem p, String algorithm, double fixedLr) {
        double best = Double.NaN;
        Result bestResult = null;
        for (double lr : fixedLr > 0 ? new double[] {fixedLr} : GRID) {
            Result r = minimize(algorithm, lr, p);
            if (better(r, bestResult, p)) {
                best = lr;
                bestResult = r;
            }
        }
        Result timed = minimize(algorithm, best, p); // the grid warmed up the JIT
        return new Row(problemName, algorithm, best, timed, Vec.distance(timed.point(), p.argmin()));
    }

    List<Row> runAll(Map<String, TestProblem> problems, List<String> algorithms, double fixedLr) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, TestProblem> e : problems.entrySet()) {
            for (String a : algorithms) {
                rows.add(run(e.getKey(), e.getValue(), a, fixedLr));
            }
        }
        return rows;
    }

    private Result minimize(String algorithm, double lr, TestProblem p) {
        Optimizer<?> opt = Optimizers.create(algorithm, Map.of("learningRate", Double.toString(lr)));
        return new Minimizer<>(opt, StoppingCriterion.anyOf(new GradientNorm(tolerance), new MaxIterations(maxSteps)))
                .minimize(p, p.start());
    }

    /** Converged beats not converged; then fewer steps; then a lower value. Failed runs lose. */
    private static boolean better(Result r, Result best, TestProblem p) {
        if (r.reason() instanceof dev.descent.optim.stop.StopReason.Failed || !Double.isFinite(r.value())) {
            return best == null;
        }
        if (best == null || best.reason() instanceof dev.descent.optim.stop.StopReason.Failed) {
            return true;
        }
        if (r.converged() != best.converged()) {
            return r.converged();
        }
        if (r.converged()) {
            return r.iterations() < best.iterations();
        }
        return r.value() - p.minimum() < best.value() - p.minimum();
    }
}

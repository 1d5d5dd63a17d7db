package dev.descent.global;

import dev.descent.minimize.Minimizer;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StepSize;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Ackley;
import dev.descent.problem.Bounds;
import dev.descent.problem.Himmelblau;
import dev.descent.problem.Objective;
import dev.descent.problem.Rastrigin;
import dev.descent.problem.TestProblem;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures of the global-search tests. */
final class GlobalTesting {

    private GlobalTesting() {
    }

    /**
     * The refinement used throughout: L-BFGS (defaults) until ‖∇J‖ ≤ 1e-12, a step below 1e-14
     * (Ackley's kink: its gradient norm never gets small) or 300 iterations.
     */
    static Minimizer<?> lbfgs() {
        return new Minimizer<>(Lbfgs.defaults(),
                StoppingCriterion.anyOf(new GradientNorm(1e-12), StepSize.of(1e-14), new MaxIterations(300)));
    }

    static Bounds domain(TestProblem p) {
        if (p instanceof Rastrigin r) {
            return r.domain();
        }
        if (p instanceof Ackley a) {
            return a.domain();
        }
        if (p instanceof Himmelblau h) {
            return h.domain();
        }
        throw new IllegalArgumentException(p.name());
    }

    /** ‖x − x*‖₂ to the nearest global minimizer. */
    static double distanceToNearestMinimizer(double[] x, TestProblem p) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] m : p.argmins()) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += (x[i] - m[i]) * (x[i] - m[i]);
            }
            best = Math.min(best, Math.sqrt(s));
        }
        return best;
    }

    /** Wraps an objective and keeps every point at which it is evaluated. */
    static final class Recording implements Objective {
        final Objective inner;
        final List<double[]> points = new ArrayList<>();

        Recording(Objective inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public double valueAndGradient(double[] x, double[] grad) {
            points.add(x.clone());
            return inner.valueAndGradient(x, grad);
        }

        @Override
        public double value(double[] x) {
            points.add(x.clone());
            return inner.value(x);
        }
    }
}

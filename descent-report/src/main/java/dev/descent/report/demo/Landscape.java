package dev.descent.report.demo;

import dev.descent.linalg.Vec;
import dev.descent.problem.Beale;
import dev.descent.problem.Himmelblau;
import dev.descent.problem.Objective;
import dev.descent.problem.Quadratic;
import dev.descent.problem.Rastrigin;
import dev.descent.problem.Rosenbrock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A 2-D function to draw paths on: the objective, the start, the known minimizers (none for the
 * saddle), and the window of the plot.
 *
 * @param name        the stable name ({@code --problem NAME})
 * @param description one line for people: the formula, the start, x*
 * @param objective   J: ℝ² → ℝ
 * @param start       θ₀ (owned by this record)
 * @param optima      every global minimizer (owned); empty when J has none (the saddle)
 * @param minimum     J(x*), or NaN when there is no minimizer
 * @param window      the plot's window {xMin, xMax, yMin, yMax} (owned)
 * @param escape      a run whose ‖θ‖ exceeds this has left the landscape (diverged, or for the
 *                    saddle: escaped it)
 */
public record Landscape(String name, String description, Objective objective, double[] start, double[][] optima,
        double minimum, double[] window, double escape) {

    public Landscape {
        Objects.requireNonNull(name, "name");
        if (objective.dimension() != 2 || start.length != 2 || window.length != 4) {
            throw new IllegalArgumentException("landscape " + name + " must be 2-D with a window of 4 numbers");
        }
    }

    /** True when the landscape has a known minimizer to measure distances to. */
    public boolean hasOptimum() {
        return optima.length > 0;
    }

    /** ‖θ − x*‖ to the nearest minimizer, or NaN when there is none. */
    public double distance(double[] theta) {
        double best = Double.NaN;
        for (double[] o : optima) {
            double d = Vec.distance(theta, o);
            if (!(d >= best)) {
                best = d;
            }
        }
        return best;
    }

    /** What kind of point the curvature says a point is. */
    public enum PointKind {
        /** Both Hessian eigenvalues clearly positive. */
        MINIMUM,
        /** Eigenvalues of both signs. */
        SADDLE,
        /** Both clearly negative. */
        MAXIMUM,
        /** An eigenvalue too close to 0 (relative to the other) to tell. */
        DEGENERATE
    }

    /**
     * The Hessian's eigenvalues at a point and what they make it.
     *
     * @param kind    minimum, saddle, maximum or degenerate
     * @param lambda1 the smaller eigenvalue
     * @param lambda2 the larger eigenvalue
     */
    public record Curvature(PointKind kind, double lambda1, double lambda2) {
    }

    /**
     * The curvature of J at {@code theta}: the 2×2 Hessian by central differences of the gradient
     * (step 1e-5·max(1, |θᵢ|), symmetrized), and its eigenvalues. An eigenvalue within 1e-6 of the
     * larger magnitude (or 1e-10 absolute) counts as 0, so the point is {@link PointKind#DEGENERATE}.
     * At a point where ∇J ≈ 0 this tells a minimum from a saddle or a maximum.
     */
    public Curvature curvature(double[] theta) {
        double[][] h = new double[2][2];
        double[] gp = new double[2];
        double[] gm = new double[2];
        for (int i = 0; i < 2; i++) {
            double step = 1e-5 * Math.max(1, Math.abs(theta[i]));
            double[] xp = theta.clone();
            double[] xm = theta.clone();
            xp[i] += step;
            xm[i] -= step;
            objective.valueAndGradient(xp, gp);
            objective.valueAndGradient(xm, gm);
            for (int j = 0; j < 2; j++) {
                h[i][j] = (gp[j] - gm[j]) / (xp[i] - xm[i]);
            }
        }
        double a = h[0][0];
        double d = h[1][1];
        double b = 0.5 * (h[0][1] + h[1][0]);
        double mean = 0.5 * (a + d);
        double radius = Math.hypot(0.5 * (a - d), b);
        double l1 = mean - radius;
        double l2 = mean + radius;
        double zero = 1e-6 * Math.max(Math.abs(l1), Math.abs(l2)) + 1e-10;
        PointKind kind;
        if (!Double.isFinite(l1) || !Double.isFinite(l2) || Math.abs(l1) <= zero || Math.abs(l2) <= zero) {
            kind = PointKind.DEGENERATE;
        } else if (l1 > 0) {
            kind = PointKind.MINIMUM;
        } else if (l2 < 0) {
            kind = PointKind.MAXIMUM;
        } else {
            kind = PointKind.SADDLE;
        }
        return new Curvature(kind, l1, l2);
    }

    /** J(x, y). */
    public double value(double x, double y) {
        return objective.value(new double[] {x, y});
    }

    /** The built-in landscapes, in the report's order. */
    public static Map<String, Landscape> builtIns() {
        Map<String, Landscape> m = new LinkedHashMap<>();
        Rosenbrock r = Rosenbrock.standard();
        m.put("rosenbrock", new Landscape("rosenbrock",
                "Rosenbrock (1 − x)² + 100(y − x²)², from (−1.5, 2); x* = (1, 1): a curved, flat-bottomed valley",
                r, r.start(), new double[][] {r.argmin()}, r.minimum(), new double[] {-2, 2, -1, 3}, 1e6));
        Beale b = Beale.standard();
        m.put("beale", new Landscape("beale",
                "Beale (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², from (1, 1); x* = (3, 0.5)",
                b, b.start(), new double[][] {b.argmin()}, b.minimum(), new double[] {-1, 4.5, -1.5, 2}, 1e6));
        Quadratic q = quadratic();
        m.put("quadratic", new Landscape("quadratic",
                "½ θᵀAθ, A with eigenvalues 1 and 30 rotated by 30° (condition number 30), from (−4, 3); x* = (0, 0)",
                q, q.start(), new double[][] {q.argmin()}, q.minimum(), new double[] {-5, 5, -4, 4}, 1e6));
        m.put("saddle", new Landscape("saddle",
                "the saddle x² − y², from (1, 0.001): no minimum; the gradient along y is tiny near the start",
                Objective.of(2, (x, g) -> {
                    g[0] = 2 * x[0];
                    g[1] = -2 * x[1];
                    return x[0] * x[0] - x[1] * x[1];
                }), new double[] {1, 1e-3}, new double[0][], Double.NaN, new double[] {-1.5, 1.5, -1.5, 1.5}, 2.5));
        Himmelblau h = new Himmelblau(new double[] {-0.27, -0.9});
        m.put("himmelblau", new Landscape("himmelblau",
                "Himmelblau (x² + y − 11)² + (x + y² − 7)², from (−0.27, −0.9), next to its local maximum; "
                        + "four global minima with J = 0",
                h, h.start(), h.argmins(), h.minimum(), new double[] {-5, 5, -5, 5}, 1e6));
        Rastrigin ra = new Rastrigin(Rastrigin.A, new double[] {3.2, 2.1});
        m.put("rastrigin", new Landscape("rastrigin",
                "Rastrigin 20 + Σ (xᵢ² − 10 cos 2πxᵢ), from (3.2, 2.1); x* = (0, 0) among about 100 local minima",
                ra, ra.start(), new double[][] {ra.argmin()}, ra.minimum(), new double[] {-5.12, 5.12, -5.12, 5.12},
                1e6));
        return m;
    }

    /** ½ θᵀAθ with A = R diag(1, 30) Rᵀ, R a rotation by 30°. */
    static Quadratic quadratic() {
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        double l1 = 1;
        double l2 = 30;
        double[][] a = {
            {l1 * c * c + l2 * s * s, (l1 - l2) * c * s},
            {(l1 - l2) * c * s, l1 * s * s + l2 * c * c},
        };
        return new Quadratic("quadratic", a, new double[] {0, 0}, new double[] {-4, 3});
    }

    /** The names of the built-ins, for messages. */
    public static List<String> names() {
        return List.copyOf(builtIns().keySet());
    }
}

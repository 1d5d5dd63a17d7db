package dev.descent.problem;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A convex quadratic with a closed-form minimizer:
 *
 * <pre>
 *   f(x) = ½ xᵀAx − bᵀx,   ∇f = Ax − b,   x* = A⁻¹b,   f(x*) = −½ bᵀx*
 * </pre>
 *
 * <p>A must be symmetric positive definite; the constructor checks it by a Cholesky factorization,
 * which it also uses to compute x*. {@link #illConditioned} builds the conformance data's kind of
 * instance: A = Q diag(λ) Qᵀ with a seeded random rotation Q.
 *
 * @param name  a short name for reports
 * @param a     A, n×n, symmetric positive definite (copied)
 * @param b     b, length n (copied)
 * @param start the starting point (copied)
 */
public record Quadratic(String name, double[][] a, double[] b, double[] start) implements TestProblem {

    public Quadratic {
        int n = b.length;
        if (a.length != n || start.length != n) {
            throw new IllegalArgumentException("A is " + a.length + "×?, b has length " + n + ", start has length "
                    + start.length + ": all must be n = " + n);
        }
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("A row " + i + " has length " + a[i].length + ", expected " + n);
            }
            copy[i] = a[i].clone();
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(copy[i][j] - copy[j][i]) > 1e-12 * (Math.abs(copy[i][j]) + Math.abs(copy[j][i]) + 1)) {
                    throw new IllegalArgumentException("A is not symmetric: A[" + i + "][" + j + "] = " + copy[i][j]
                            + " but A[" + j + "][" + i + "] = " + copy[j][i]);
                }
            }
        }
        a = copy;
        b = b.clone();
        start = start.clone();
        cholesky(a); // throws when A is not positive definite
    }

    /**
     * An n-dimensional quadratic with the given eigenvalues, a seeded random rotation, b drawn
     * from N(0, 1) and the start from N(0, 1) — the same recipe as the conformance data's
     * {@code quadA} (eigenvalues 1, 3, 10, 30, 100).
     */
    public static Quadratic illConditioned(double[] eigenvalues, long seed) {
        int n = eigenvalues.length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] q = randomOrthogonal(n, rng);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * eigenvalues[k] * q[j][k];
                }
                a[i][j] = s;
            }
        }
        for (int i = 0; i < n; i++) { // exact symmetry
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i];
            }
        }
        double[] b = new double[n];
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = gaussian(rng);
            x0[i] = gaussian(rng);
        }
        double min = Arrays.stream(eigenvalues).min().orElseThrow();
        double max = Arrays.stream(eigenvalues).max().orElseThrow();
        return new Quadratic("quadratic(n=" + n + ", cond=" + Math.round(max / min) + ")", a, b, x0);
    }

    @Override
    public int dimension() {
        return b.length;
    }

    @Override
    public double valueAndGradient(double[] x, double[] grad) {
        int n = b.length;
        double f = 0;
        for (int i = 0; i < n; i++) {
            double[] row = a[i];
            double ax = 0;
            for (int j = 0; j < n; j++) {
                ax += row[j] * x[j];
            }
            grad[i] = ax - b[i];
            f += x[i] * (0.5 * ax - b[i]);
        }
        return f;
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    /** x* = A⁻¹b by Cholesky. */
    @Override
    public double[] argmin() {
        double[][] l = cholesky(a);
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    @Override
    public double minimum() {
        double[] x = argmin();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += b[i] * x[i];
        }
        return -0.5 * s;
    }

    @Override
    public double[][] a() {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("A is not positive definite (pivot " + i + " = " + s + ")");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    private static double[][] randomOrthogonal(int n, SplittableRandom rng) {
        // Gram-Schmidt on a Gaussian matrix: the columns of q are orthonormal.
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = gaussian(rng);
            }
        }
        for (int c = 0; c < n; c++) {
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[i][c] * q[i][p];
                }
                for (int i = 0; i < n; i++) {
                    q[i][c] -= dot * q[i][p];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[i][c] * q[i][c];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[i][c] /= norm;
            }
        }
        return q;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; deterministic for a seed.
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}

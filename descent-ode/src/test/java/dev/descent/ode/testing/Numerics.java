package dev.descent.ode.testing;

import dev.descent.ode.OdeSolver;
import dev.descent.ode.ParametricOde;
import dev.descent.ode.Parameter;
import dev.descent.problem.Objective;
import java.util.List;
import org.hipparchus.CalculusFieldElement;

/** Finite differences, error measures and user-defined models shared by the tests. */
public final class Numerics {

    private Numerics() {
    }

    /** Central differences of J: (J(x + hᵢeᵢ) − J(x − hᵢeᵢ)) / 2hᵢ, hᵢ = step·max(1, |xᵢ|). */
    public static double[] gradient(Objective f, double[] x, double step) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double h = step * Math.max(1, Math.abs(x[i]));
            double[] p = x.clone();
            double[] m = x.clone();
            p[i] += h;
            m[i] -= h;
            g[i] = (f.value(p) - f.value(m)) / (p[i] - m[i]);
        }
        return g;
    }

    /**
     * Central differences of the solver's y(t_m) with respect to θ_j: [m][i] = ∂yᵢ(t_m)/∂θ_j.
     */
    public static double[][] stateDerivative(OdeSolver solver, ParametricOde ode, double[] theta, double[] times,
            int j, double step) {
        double h = step * Math.max(1, Math.abs(theta[j]));
        double[] p = theta.clone();
        double[] m = theta.clone();
        p[j] += h;
        m[j] -= h;
        double[][] yp = solver.solve(ode, p, 0, times).states();
        double[][] ym = solver.solve(ode, m, 0, times).states();
        double[][] d = new double[times.length][ode.dimension()];
        for (int k = 0; k < times.length; k++) {
            for (int i = 0; i < ode.dimension(); i++) {
                d[k][i] = (yp[k][i] - ym[k][i]) / (p[j] - m[j]);
            }
        }
        return d;
    }

    /** max|a − b| / max(max|b|, floor): relative to the size of the reference. */
    public static double relativeError(double[] a, double[] b, double floor) {
        double diff = 0;
        double scale = floor;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }

    /** Flattens [m][i][j] to one array, fixed j. */
    public static double[] column(double[][][] s, int j) {
        int rows = s.length;
        int n = s[0].length;
        double[] out = new double[rows * n];
        for (int m = 0; m < rows; m++) {
            for (int i = 0; i < n; i++) {
                out[m * n + i] = s[m][i][j];
            }
        }
        return out;
    }

    /** Flattens [m][i]. */
    public static double[] flatten(double[][] a) {
        int n = a[0].length;
        double[] out = new double[a.length * n];
        for (int m = 0; m < a.length; m++) {
            System.arraycopy(a[m], 0, out, m * n, n);
        }
        return out;
    }

    /**
     * A user-defined model, written only once over the field (no double override, no Jacobian): SIRS
     * with seasonal forcing and waning immunity, which exercises sin, exp and time dependence.
     *
     * <pre>
     *   β(t) = β₀ (1 + a sin(2πt/T))·exp(−c t)
     *   dS/dt = −β(t) S I / N + ω R
     *   dI/dt =  β(t) S I / N − γ I
     *   dR/dt =  γ I − ω R
     *   S(0) = N − I₀, I(0) = I₀, R(0) = 0
     * </pre>
     */
    public static ParametricOde forcedSirs(double n) {
        return new ParametricOde() {
            @Override
            public String name() {
                return "forced-SIRS";
            }

            @Override
            public List<String> stateNames() {
                return List.of("S", "I", "R");
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(Parameter.positive("beta0", 1.2), Parameter.bounded("a", 0.3, -1, 1),
                        Parameter.positive("c", 0.02), Parameter.positive("gamma", 0.4),
                        Parameter.positive("omega", 0.05), Parameter.bounded("I0", 2, 0, n));
            }

            @Override
            public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] p, T[] yDot) {
                T season = t.multiply(2 * Math.PI / 7).sin().multiply(p[1]).add(1);
                T beta = p[0].multiply(season).multiply(t.multiply(p[2]).negate().exp());
                T infection = beta.multiply(y[0]).multiply(y[1]).divide(n);
                T removal = p[3].multiply(y[1]);
                T waning = p[4].multiply(y[2]);
                yDot[0] = infection.negate().add(waning);
                yDot[1] = infection.subtract(removal);
                yDot[2] = removal.subtract(waning);
            }

            @Override
            public <T extends CalculusFieldElement<T>> void initialState(T[] p, T[] y0) {
                y0[0] = p[5].negate().add(n);
                y0[1] = p[5];
                y0[2] = p[5].getField().getZero();
            }
        };
    }
}

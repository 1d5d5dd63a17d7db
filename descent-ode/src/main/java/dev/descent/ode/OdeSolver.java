package dev.descent.ode;

import dev.descent.util.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.ode.AbstractIntegrator;
import org.hipparchus.ode.ExpandableODE;
import org.hipparchus.ode.FieldExpandableODE;
import org.hipparchus.ode.FieldODEState;
import org.hipparchus.ode.FieldOrdinaryDifferentialEquation;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54FieldIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853FieldIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.nonstiff.EmbeddedRungeKuttaFieldIntegrator;
import org.hipparchus.ode.nonstiff.EmbeddedRungeKuttaIntegrator;
import org.hipparchus.ode.sampling.FieldODEStateInterpolator;
import org.hipparchus.ode.sampling.FieldODEStepHandler;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;

/**
 * Solves a {@link ParametricOde} with an adaptive Dormand–Prince integrator of Hipparchus, returning
 * the state (and, on request, the forward sensitivities ∂y/∂θ) at given times by dense output.
 *
 * <pre>
 *   local error control, per component i of the integrated vector z:
 *     errᵢ ≤ atolᵢ + rtol·|zᵢ|,     atolᵢ = absoluteTolerance · max(1, ‖y₀‖∞),   rtol = relativeTolerance
 *   output at each tₘ: the integrator's continuous extension (dense output) on the step containing tₘ
 * </pre>
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>parameter</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code method}</td><td>DORMAND_PRINCE_853</td><td>the embedded Runge–Kutta pair</td></tr>
 *   <tr><td>{@code relativeTolerance}</td><td>1e-10</td><td>rtol</td></tr>
 *   <tr><td>{@code absoluteTolerance}</td><td>1e-10</td><td>atol per unit of scale; the scale is
 *       max(1, ‖y₀‖∞), so a population of 763 gets 7.63e-8</td></tr>
 *   <tr><td>{@code sensitivityMethod}</td><td>VARIATIONAL</td><td>how ∂y/∂θ is computed</td></tr>
 *   <tr><td>{@code maxEvaluations}</td><td>100 000</td><td>right-hand-side evaluations per solve</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Integration runs forward from t₀ to the last requested time; times must be ≥ t₀ and non-decreasing.
 * The scale in atol makes the default meaningful for counts (SIR with N = 763) and for unit-sized
 * states alike; the sensitivities share the states' tolerances. With {@link SensitivityMethod#VARIATIONAL}
 * the integrated vector is the augmented system of {@link SensitivityEquations}, so the step size also
 * controls the error of ∂y/∂θ; with {@link SensitivityMethod#FIELD} Hipparchus integrates the field
 * equation on {@link Gradient}s, whose step-size control sees only the values, and the sensitivities
 * are the exact derivatives of the discrete solution along that step sequence. The two agree to the
 * integration tolerance, which the tests check.
 *
 * <h2>References</h2>
 * J. R. Dormand, P. J. Prince, "A family of embedded Runge–Kutta formulae", J. Comput. Appl. Math.
 * 6(1), 1980; P. J. Prince, J. R. Dormand, "High order embedded Runge–Kutta formulae", J. Comput.
 * Appl. Math. 7(1), 1981 (the 8(5,3) pair); E. Hairer, S. P. Nørsett, G. Wanner, <i>Solving
 * Ordinary Differential Equations I</i>, 2nd ed., Springer 1993, §II.4–II.6 (step-size control, dense
 * output). Hipparchus 4 {@code DormandPrince853Integrator}, {@code DormandPrince54Integrator} and their
 * field versions (https://hipparchus.org).
 *
 * @param method            the Runge–Kutta pair
 * @param relativeTolerance rtol &gt; 0
 * @param absoluteTolerance atol &gt; 0, multiplied by max(1, ‖y₀‖∞)
 * @param sensitivityMethod how sensitivities are computed
 * @param maxEvaluations    the most right-hand-side evaluations in one solve, ≥ 1
 * @see SensitivityEquations
 * @see Trajectory
 */
public record OdeSolver(Method method, double relativeTolerance, double absoluteTolerance,
        SensitivityMethod sensitivityMethod, int maxEvaluations) {

    /** The embedded Runge–Kutta pair. */
    public enum Method {
        /** Dormand–Prince 8(5,3), 12 stages (13 with FSAL), 7th-order dense output: the default. */
        DORMAND_PRINCE_853,
        /** Dormand–Prince 5(4) (MATLAB's ode45, SciPy's RK45), 4th-order dense output. */
        DORMAND_PRINCE_54
    }

    /** How ∂y/∂θ is computed. */
    public enum SensitivityMethod {
        /**
         * The variational equations of {@link SensitivityEquations}, integrated with y by the
         * {@code double} integrator (Jacobian products from forward-mode AD of f): the default.
         */
        VARIATIONAL,
        /**
         * Hipparchus's field integrator on {@link Gradient}: y₀ and θ are seeded as gradient
         * variables and every arithmetic operation of the integrator carries the derivatives
         * (Hipparchus's {@code doTestPartialDerivatives} pattern). A cross-check and a fallback.
         */
        FIELD
    }

    public OdeSolver {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null");
        }
        if (sensitivityMethod == null) {
            throw new IllegalArgumentException("sensitivityMethod must not be null");
        }
        Checks.positiveFinite("relativeTolerance", relativeTolerance);
        Checks.positiveFinite("absoluteTolerance", absoluteTolerance);
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations = " + maxEvaluations + " must be >= 1");
        }
    }

    /** Dormand–Prince 8(5,3), rtol = atol = 1e-10, variational sensitivities, 10⁶ evaluations. */
    public static OdeSolver defaults() {
        return new OdeSolver(Method.DORMAND_PRINCE_853, 1e-10, 1e-10, SensitivityMethod.VARIATIONAL, 100_000);
    }

    public OdeSolver withMethod(Method m) {
        return new OdeSolver(m, relativeTolerance, absoluteTolerance, sensitivityMethod, maxEvaluations);
    }

    public OdeSolver withTolerances(double relative, double absolute) {
        return new OdeSolver(method, relative, absolute, sensitivityMethod, maxEvaluations);
    }

    public OdeSolver withSensitivityMethod(SensitivityMethod s) {
        return new OdeSolver(method, relativeTolerance, absoluteTolerance, s, maxEvaluations);
    }

    public OdeSolver withMaxEvaluations(int max) {
        return new OdeSolver(method, relativeTolerance, absoluteTolerance, sensitivityMethod, max);
    }

    /**
     * y(tₘ) without sensitivities.
     *
     * @param ode   the model
     * @param theta not modified: all p parameters
     * @param t0    the initial time
     * @param times not modified: output times, ≥ t0 and non-decreasing
     * @throws IllegalArgumentException for bad arguments, naming them
     * @throws IntegrationException     when the integration fails (too many evaluations, NaN, step-size underflow)
     */
    public Trajectory solve(ParametricOde ode, double[] theta, double t0, double[] times) {
        return solve(ode, theta, t0, times, new int[0]);
    }

    /**
     * y(tₘ) and ∂y(tₘ)/∂θ_w for the parameters named in {@code wrt}.
     *
     * @see #solve(ParametricOde, double[], double, double[], int[])
     */
    public Trajectory solve(ParametricOde ode, double[] theta, double t0, double[] times, List<String> wrt) {
        int[] idx = new int[wrt.size()];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = ode.parameterIndex(wrt.get(j));
        }
        return solve(ode, theta, t0, times, idx);
    }

    /**
     * y(tₘ) and ∂y(tₘ)/∂θ_w for the parameter indices {@code wrt} (empty: no sensitivities).
     *
     * @param ode   the model
     * @param theta not modified: all p parameters
     * @param t0    the initial time
     * @param times not modified: output times, ≥ t0 and non-decreasing
     * @param wrt   not modified: distinct parameter indices
     * @throws IllegalArgumentException for bad arguments, naming them
     * @throws IntegrationException     when the integration fails (too many evaluations, NaN, step-size underflow)
     */
    public Trajectory solve(ParametricOde ode, double[] theta, double t0, double[] times, int[] wrt) {
        ParametricOde.checkModel(ode);
        ode.checkParameters(theta);
        SensitivityEquations.checkWrt(wrt, theta.length);
        checkTimes(t0, times);
        List<String> names = ode.parameterNames();
        List<String> wrtNames = new ArrayList<>();
        for (int j : wrt) {
            wrtNames.add(names.get(j));
        }
        try {
            if (wrt.length > 0 && sensitivityMethod == SensitivityMethod.FIELD) {
                return solveField(ode, theta, t0, times, wrt, List.copyOf(wrtNames));
            }
            return solveDouble(ode, theta, t0, times, wrt, List.copyOf(wrtNames));
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            throw new IntegrationException(ode.name() + ": integration failed: " + e.getMessage(), e);
        }
    }

    private static void checkTimes(double t0, double[] times) {
        if (!Double.isFinite(t0)) {
            throw new IllegalArgumentException("t0 = " + t0 + " is not finite");
        }
        if (times == null || times.length == 0) {
            throw new IllegalArgumentException("times must not be empty");
        }
        double previous = t0;
        for (int m = 0; m < times.length; m++) {
            if (!Double.isFinite(times[m])) {
                throw new IllegalArgumentException("times[" + m + "] = " + times[m] + " is not finite");
            }
            if (times[m] < previous) {
                throw new IllegalArgumentException("times[" + m + "] = " + times[m]
                        + (m == 0 ? " is before t0 = " + t0 : " is before times[" + (m - 1) + "] = " + previous));
            }
            previous = times[m];
        }
    }

    private Trajectory solveDouble(ParametricOde ode, double[] theta, double t0, double[] times, int[] wrt,
            List<String> wrtNames) {
        int n = ode.dimension();
        int k = wrt.length;
        double[] theta0 = theta.clone();
        OrdinaryDifferentialEquation equations;
        double[] z0;
        if (k > 0) {
            SensitivityEquations s = new SensitivityEquations(ode, theta0, wrt);
            equations = s;
            z0 = s.initialState();
        } else {
            z0 = new double[n];
            ode.initialState(theta0, z0);
            equations = new OrdinaryDifferentialEquation() {
                @Override
                public int getDimension() {
                    return n;
                }

                @Override
                public double[] computeDerivatives(double t, double[] y) {
                    double[] yDot = new double[n];
                    ode.derivatives(t, y, theta0, yDot);
                    for (int i = 0; i < n; i++) {
                        Fields.checkNotNaN(ode, t, yDot[i], i);
                    }
                    return yDot;
                }
            };
        }
        double[][] out = new double[times.length][];
        int first = 0;
        while (first < times.length && times[first] == t0) {
            out[first++] = z0.clone();
        }
        int evaluations = 0;
        if (first < times.length) {
            double[] atol = new double[z0.length];
            double[] rtol = new double[z0.length];
            Arrays.fill(atol, absoluteTolerance * scale(z0, n));
            Arrays.fill(rtol, relativeTolerance);
            double span = times[times.length - 1] - t0;
            EmbeddedRungeKuttaIntegrator integrator = switch (method) {
                case DORMAND_PRINCE_853 -> new DormandPrince853Integrator(0, span, atol, rtol);
                case DORMAND_PRINCE_54 -> new DormandPrince54Integrator(0, span, atol, rtol);
            };
            integrator.setMaxEvaluations(maxEvaluations);
            final int start = first;
            integrator.addStepHandler(new ODEStepHandler() {
                private int next = start;

                @Override
                public void handleStep(ODEStateInterpolator interpolator) {
                    double end = interpolator.getCurrentState().getTime();
                    while (next < times.length && times[next] <= end) {
                        out[next] = times[next] == end
                                ? interpolator.getCurrentState().getPrimaryState()
                                : interpolator.getInterpolatedState(times[next]).getPrimaryState();
                        next++;
                    }
                }
            });
            integrator.integrate(new ExpandableODE(equations), new ODEState(t0, z0), times[times.length - 1]);
            evaluations = integrator.getEvaluations();
        }
        return unpack(out, n, k, times, ode.stateNames(), wrtNames, evaluations);
    }

    private Trajectory solveField(ParametricOde ode, double[] theta, double t0, double[] times, int[] wrt,
            List<String> wrtNames) {
        int n = ode.dimension();
        int k = wrt.length;
        GradientField field = GradientField.getField(k);
        Gradient[] th = Fields.seeded(theta, wrt);
        Gradient[] y0 = Fields.unassignedGradients(n);
        ode.initialState(th, y0);
        Fields.checkAssigned(ode, y0);
        double[][] out = new double[times.length][];
        int first = 0;
        while (first < times.length && times[first] == t0) {
            out[first++] = flatten(y0, n, k);
        }
        int evaluations = 0;
        if (first < times.length) {
            double[] z0 = new double[n];
            for (int i = 0; i < n; i++) {
                z0[i] = y0[i].getValue();
            }
            double[] atol = new double[n];
            double[] rtol = new double[n];
            Arrays.fill(atol, absoluteTolerance * scale(z0, n));
            Arrays.fill(rtol, relativeTolerance);
            double span = times[times.length - 1] - t0;
            EmbeddedRungeKuttaFieldIntegrator<Gradient> integrator = switch (method) {
                case DORMAND_PRINCE_853 -> new DormandPrince853FieldIntegrator<>(field, 0, span, atol, rtol);
                case DORMAND_PRINCE_54 -> new DormandPrince54FieldIntegrator<>(field, 0, span, atol, rtol);
            };
            integrator.setMaxEvaluations(maxEvaluations);
            final int start = first;
            integrator.addStepHandler(new FieldODEStepHandler<Gradient>() {
                private int next = start;

                @Override
                public void handleStep(FieldODEStateInterpolator<Gradient> interpolator) {
                    double end = interpolator.getCurrentState().getTime().getValue();
                    while (next < times.length && times[next] <= end) {
                        Gradient[] y = times[next] == end
                                ? interpolator.getCurrentState().getPrimaryState()
                                : interpolator.getInterpolatedState(Gradient.constant(k, times[next])).getPrimaryState();
                        out[next] = flatten(y, n, k);
                        next++;
                    }
                }
            });
            FieldOrdinaryDifferentialEquation<Gradient> equation = new FieldOrdinaryDifferentialEquation<>() {
                @Override
                public int getDimension() {
                    return n;
                }

                @Override
                public Gradient[] computeDerivatives(Gradient t, Gradient[] y) {
                    Gradient[] yDot = Fields.unassignedGradients(n);
                    ode.derivatives(t, y, th, yDot);
                    Fields.checkAssigned(ode, yDot);
                    for (int i = 0; i < n; i++) {
                        Fields.checkNotNaN(ode, t.getValue(), yDot[i].getValue(), i);
                    }
                    return yDot;
                }
            };
            integrator.integrate(new FieldExpandableODE<>(equation),
                    new FieldODEState<>(Gradient.constant(k, t0), y0), Gradient.constant(k, times[times.length - 1]));
            evaluations = integrator.getEvaluations();
        }
        return unpack(out, n, k, times, ode.stateNames(), wrtNames, evaluations);
    }

    /** [values, then gradients row-major]: the layout of {@link SensitivityEquations}. */
    private static double[] flatten(Gradient[] y, int n, int k) {
        double[] z = new double[n * (1 + k)];
        for (int i = 0; i < n; i++) {
            z[i] = y[i].getValue();
            for (int j = 0; j < k; j++) {
                z[n + i * k + j] = y[i].getPartialDerivative(j);
            }
        }
        return z;
    }

    private static double scale(double[] z0, int n) {
        double s = 1;
        for (int i = 0; i < n; i++) {
            s = Math.max(s, Math.abs(z0[i]));
        }
        return s;
    }

    private static Trajectory unpack(double[][] z, int n, int k, double[] times, List<String> stateNames,
            List<String> wrtNames, int evaluations) {
        double[][] states = new double[times.length][n];
        double[][][] sens = new double[times.length][n][k];
        for (int m = 0; m < times.length; m++) {
            if (z[m] == null) {
                throw new IllegalStateException("no output at t = " + times[m]);
            }
            System.arraycopy(z[m], 0, states[m], 0, n);
            for (int i = 0; i < n; i++) {
                System.arraycopy(z[m], n + i * k, sens[m][i], 0, k);
            }
        }
        return new Trajectory(times.clone(), states, sens, List.copyOf(stateNames), wrtNames, evaluations);
    }
}

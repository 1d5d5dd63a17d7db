package dev.descent.ode;

import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The forward sensitivity (variational) equations of a {@link ParametricOde}, as one augmented system
 * that a {@code double} integrator solves.
 *
 * <p>For the k parameters θ_{w₁} … θ_{w_k} listed in {@code wrt}, the sensitivities
 * S = ∂y/∂θ_w (an n × k matrix) satisfy the variational equations, obtained by differentiating
 * dy/dt = f(t, y, θ) and y(t₀) = y₀(θ):
 *
 * <pre>
 *   dy/dt = f(t, y, θ)                                     y(t₀) = y₀(θ)
 *   dS/dt = ∂f/∂y(t, y, θ) · S + ∂f/∂θ_w(t, y, θ)           S(t₀) = ∂y₀/∂θ_w
 * </pre>
 *
 * <p>Neither Jacobian is formed. The right-hand side evaluates the model's field-generic f once on
 * Hipparchus {@link Gradient}s in k variables, with yᵢ seeded by the i-th row of S and θ_{w_j} by the
 * j-th unit vector; forward-mode differentiation then returns, in one pass,
 *
 * <pre>
 *   value(fᵢ) = fᵢ(t, y, θ),     gradient(fᵢ) = Σₗ ∂fᵢ/∂yₗ · S_{l·} + ∂fᵢ/∂θ_w   (row i of dS/dt)
 * </pre>
 *
 * <p>which is the Jacobian–matrix product J_y·S + J_θ at the cost of one evaluation of f in k + 1
 * directions: there is no n × n Jacobian, and the cost grows with the number of fitted parameters,
 * not with n + p.
 *
 * <p>Layout of the augmented state z (length n(1 + k)): z = [y₀ … y_{n−1}, S₀₀ … S₀,ₖ₋₁, S₁₀ …],
 * i.e. y, then S row-major: {@code z[n + i·k + j] = ∂yᵢ/∂θ_{wrt[j]}}.
 *
 * <p>Because S is part of the integrated state, the integrator's error control covers the
 * sensitivities too (CVODES's "errconS"), so their accuracy is governed by the same tolerances as
 * y. Instances are immutable and thread-safe.
 *
 * <h2>References</h2>
 * E. Hairer, S. P. Nørsett, G. Wanner, <i>Solving Ordinary Differential Equations I</i>, 2nd ed.,
 * Springer 1993, §I.14 (the variational equation). A. C. Hindmarsh et al., "SUNDIALS: Suite of
 * nonlinear and differential/algebraic equation solvers", ACM TOMS 31(3), 2005 (CVODES forward
 * sensitivity analysis). Hipparchus {@code org.hipparchus.analysis.differentiation.Gradient}.
 *
 * @see OdeSolver.SensitivityMethod
 */
public final class SensitivityEquations implements OrdinaryDifferentialEquation {

    private final ParametricOde ode;
    private final int n;
    private final int k;
    private final Gradient[] theta;

    /**
     * @param ode   the model
     * @param theta not modified: all p parameters
     * @param wrt   not modified: the indices of the parameters to differentiate by, distinct, in [0, p)
     */
    public SensitivityEquations(ParametricOde ode, double[] theta, int[] wrt) {
        ParametricOde.checkModel(ode);
        ode.checkParameters(theta);
        checkWrt(wrt, theta.length);
        this.ode = ode;
        this.n = ode.dimension();
        this.k = wrt.length;
        this.theta = Fields.seeded(theta, wrt);
    }

    static void checkWrt(int[] wrt, int p) {
        if (wrt == null) {
            throw new IllegalArgumentException("wrt must not be null");
        }
        boolean[] seen = new boolean[p];
        for (int j = 0; j < wrt.length; j++) {
            if (wrt[j] < 0 || wrt[j] >= p) {
                throw new IllegalArgumentException("wrt[" + j + "] = " + wrt[j] + " is not a parameter index in [0, "
                        + p + ")");
            }
            if (seen[wrt[j]]) {
                throw new IllegalArgumentException("wrt[" + j + "] = " + wrt[j] + " is listed twice");
            }
            seen[wrt[j]] = true;
        }
    }

    /** n(1 + k). */
    @Override
    public int getDimension() {
        return n * (1 + k);
    }

    /** The number of state components n. */
    public int stateDimension() {
        return n;
    }

    /** The number of parameters k that the sensitivities are taken with respect to. */
    public int sensitivityCount() {
        return k;
    }

    /** z(t₀) = [y₀(θ), ∂y₀/∂θ_w], a fresh array. */
    public double[] initialState() {
        Gradient[] y0 = Fields.unassignedGradients(n);
        ode.initialState(theta, y0);
        Fields.checkAssigned(ode, y0);
        double[] z = new double[getDimension()];
        for (int i = 0; i < n; i++) {
            z[i] = y0[i].getValue();
            for (int j = 0; j < k; j++) {
                z[n + i * k + j] = y0[i].getPartialDerivative(j);
            }
        }
        return z;
    }

    @Override
    public double[] computeDerivatives(double t, double[] z) {
        Gradient[] y = Fields.gradients(k, n);
        for (int i = 0; i < n; i++) {
            double[] row = new double[k];
            System.arraycopy(z, n + i * k, row, 0, k);
            y[i] = new Gradient(z[i], row);
        }
        Gradient[] out = Fields.unassignedGradients(n);
        ode.derivatives(Gradient.constant(k, t), y, theta, out);
        Fields.checkAssigned(ode, out);
        double[] zDot = new double[z.length];
        for (int i = 0; i < n; i++) {
            Gradient fi = out[i];
            zDot[i] = fi.getValue();
            Fields.checkNotNaN(ode, t, zDot[i], i);
            for (int j = 0; j < k; j++) {
                zDot[n + i * k + j] = fi.getPartialDerivative(j);
            }
        }
        return zDot;
    }
}

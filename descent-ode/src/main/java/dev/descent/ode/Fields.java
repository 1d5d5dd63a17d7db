package dev.descent.ode;

import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.Binary64Field;
import org.hipparchus.util.MathArrays;

/** Conversions between {@code double[]} and field arrays. */
final class Fields {

    private Fields() {
    }

    /** Throws when the model left an entry unassigned (null). */
    static void checkAssigned(ParametricOde ode, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalStateException(ode.name() + " left entry " + i + " (" + ode.stateNames().get(i)
                        + ") unassigned");
            }
        }
    }

    static Binary64[] binary64(double[] x) {
        Binary64[] b = MathArrays.buildArray(Binary64Field.getInstance(), x.length);
        for (int i = 0; i < x.length; i++) {
            b[i] = new Binary64(x[i]);
        }
        return b;
    }

    static Gradient[] gradients(int freeParameters, int n) {
        return MathArrays.buildArray(GradientField.getField(freeParameters), n);
    }

    /** An output array of nulls, so that {@link #checkAssigned} sees what the model did not assign. */
    static Gradient[] unassignedGradients(int n) {
        return new Gradient[n];
    }

    /** An output array of nulls. */
    static Binary64[] unassignedBinary64(int n) {
        return new Binary64[n];
    }

    /** Throws an {@link IntegrationException} when a derivative is NaN. */
    static void checkNotNaN(ParametricOde ode, double t, double value, int i) {
        if (Double.isNaN(value)) {
            throw new IntegrationException(ode.name() + ": integration failed: dy/dt of "
                    + ode.stateNames().get(i) + " is NaN at t = " + t, null);
        }
    }

    /**
     * θ as gradients in k free variables: θ_{wrt[j]} is variable j, every other entry a constant.
     */
    static Gradient[] seeded(double[] theta, int[] wrt) {
        int k = wrt.length;
        Gradient[] g = gradients(k, theta.length);
        for (int i = 0; i < theta.length; i++) {
            g[i] = Gradient.constant(k, theta[i]);
        }
        for (int j = 0; j < k; j++) {
            g[wrt[j]] = Gradient.variable(k, j, theta[wrt[j]]);
        }
        return g;
    }
}

package dev.descent.ode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.Binary64;

/**
 * An initial-value problem with named parameters θ:
 *
 * <pre>
 *   dy/dt = f(t, y, θ),    y(t₀) = y₀(θ),    y ∈ ℝⁿ,  θ ∈ ℝᵖ
 * </pre>
 *
 * <p>The right-hand side f and the initial state y₀ are written <em>once</em>, generic in a Hipparchus
 * {@link CalculusFieldElement}. Evaluated on {@code double}s (through {@link Binary64}) they give the
 * trajectory; evaluated on {@link org.hipparchus.analysis.differentiation.Gradient} they give, by
 * forward-mode automatic differentiation, the Jacobians ∂f/∂y and ∂f/∂θ and ∂y₀/∂θ that the
 * sensitivity equations need ({@link SensitivityEquations}). Nobody writes a Jacobian by hand.
 * Parameters that only set the initial state (I₀ of SIR, say) are ordinary parameters: f ignores
 * them and y₀(θ) uses them, so "fit the initial state" is "free that parameter".
 *
 * <pre>{@code
 * // dy/dt = −k·y, y(0) = y0: two parameters, one state
 * ParametricOde decay = new ParametricOde() {
 *     public List<String> stateNames() { return List.of("y"); }
 *     public List<Parameter> parameters() {
 *         return List.of(Parameter.positive("k", 0.5), Parameter.positive("y0", 10));
 *     }
 *     public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] p, T[] yDot) {
 *         yDot[0] = p[0].multiply(y[0]).negate();
 *     }
 *     public <T extends CalculusFieldElement<T>> void initialState(T[] p, T[] y0) {
 *         y0[0] = p[1];
 *     }
 * };
 * }</pre>
 *
 * <p>Implementations must be pure functions of their arguments (no state between calls), so that
 * one model can be solved from several threads. The {@code double} overloads exist so that built-in
 * models can skip the field arithmetic on the plain (no-sensitivity) path; when overridden they must
 * compute exactly the same function.
 *
 * @see SensitivityEquations
 * @see OdeSolver
 */
public interface ParametricOde {

    /** Names of the n state components, in order, e.g. {@code [S, I, R]}. */
    List<String> stateNames();

    /** The p parameters θ, in order, with defaults and transforms. */
    List<Parameter> parameters();

    /**
     * f(t, y, θ).
     *
     * @param t     time
     * @param y     not modified: the state, length n
     * @param theta not modified: the parameters, length p
     * @param yDot  modified: receives dy/dt, length n (every entry must be assigned)
     * @param <T>   the field: {@code Binary64} for values, {@code Gradient} for derivatives
     */
    <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] theta, T[] yDot);

    /**
     * y₀(θ), the state at the initial time.
     *
     * @param theta not modified: the parameters, length p
     * @param y0    modified: receives the initial state, length n (every entry must be assigned)
     * @param <T>   the field
     */
    <T extends CalculusFieldElement<T>> void initialState(T[] theta, T[] y0);

    /** f on doubles; by default the field method on {@link Binary64}. */
    default void derivatives(double t, double[] y, double[] theta, double[] yDot) {
        Binary64[] yb = Fields.binary64(y);
        Binary64[] pb = Fields.binary64(theta);
        Binary64[] out = Fields.unassignedBinary64(yDot.length);
        derivatives(new Binary64(t), yb, pb, out);
        Fields.checkAssigned(this, out);
        for (int i = 0; i < out.length; i++) {
            yDot[i] = out[i].getReal();
        }
    }

    /** y₀(θ) on doubles; by default the field method on {@link Binary64}. */
    default void initialState(double[] theta, double[] y0) {
        Binary64[] out = Fields.unassignedBinary64(y0.length);
        initialState(Fields.binary64(theta), out);
        Fields.checkAssigned(this, out);
        for (int i = 0; i < out.length; i++) {
            y0[i] = out[i].getReal();
        }
    }

    /**
     * Quantities derived from θ that a fit report should show, such as R₀ = β/γ for SIR. Empty by
     * default.
     *
     * @param theta not modified: the parameters, length p
     */
    default Map<String, Double> derived(double[] theta) {
        return Map.of();
    }

    /**
     * The total N that the states always sum to, when the model conserves one and keeps every state
     * ≥ 0 (S + I + R = N for SIR); empty by default. A fit uses it to refuse data that no state can
     * reach, such as a count above the population.
     */
    default OptionalDouble conservedTotal() {
        return OptionalDouble.empty();
    }

    /** A short name for reports; the simple class name by default. */
    default String name() {
        String s = getClass().getSimpleName();
        return s.isEmpty() ? "ode" : s;
    }

    /** n. */
    default int dimension() {
        return stateNames().size();
    }

    /** p. */
    default int parameterCount() {
        return parameters().size();
    }

    /** The index of a state component by name. */
    default int stateIndex(String name) {
        int i = stateNames().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown state '" + name + "'; " + name() + " has " + stateNames());
        }
        return i;
    }

    /** The index of a parameter by name. */
    default int parameterIndex(String name) {
        List<Parameter> ps = parameters();
        for (int j = 0; j < ps.size(); j++) {
            if (ps.get(j).name().equals(name)) {
                return j;
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + name + "'; " + name() + " has "
                + parameterNames());
    }

    /** The parameter names, in order. */
    default List<String> parameterNames() {
        List<Parameter> ps = parameters();
        String[] names = new String[ps.size()];
        for (int j = 0; j < names.length; j++) {
            names[j] = ps.get(j).name();
        }
        return List.of(names);
    }

    /** The default θ, a fresh array. */
    default double[] defaultParameters() {
        List<Parameter> ps = parameters();
        double[] theta = new double[ps.size()];
        for (int j = 0; j < theta.length; j++) {
            theta[j] = ps.get(j).defaultValue();
        }
        return theta;
    }

    /**
     * Checks θ: its length, finiteness and each entry's domain.
     *
     * @throws IllegalArgumentException naming the parameter and the value
     */
    default void checkParameters(double[] theta) {
        List<Parameter> ps = parameters();
        if (theta == null || theta.length != ps.size()) {
            throw new IllegalArgumentException(name() + " has " + ps.size() + " parameters " + parameterNames()
                    + " but θ has length " + (theta == null ? "null" : String.valueOf(theta.length)));
        }
        for (int j = 0; j < theta.length; j++) {
            Parameter p = ps.get(j);
            if (!p.transform().contains(theta[j])) {
                throw new IllegalArgumentException("parameter " + p.name() + " = " + theta[j] + " is outside "
                        + p.transform().domain());
            }
        }
    }

    /**
     * Checks that the model is well formed: at least one state, unique state and parameter names.
     *
     * @throws IllegalArgumentException describing the first problem
     */
    static void checkModel(ParametricOde ode) {
        if (ode == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        List<String> states = ode.stateNames();
        if (states == null || states.isEmpty()) {
            throw new IllegalArgumentException(ode.name() + " has no state components");
        }
        Set<String> seen = new HashSet<>();
        for (String s : states) {
            if (!seen.add(s)) {
                throw new IllegalArgumentException(ode.name() + ": duplicate state name '" + s + "'");
            }
        }
        seen.clear();
        for (Parameter p : ode.parameters()) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException(ode.name() + ": duplicate parameter name '" + p.name() + "'");
            }
        }
    }
}
